package io.timonel.plugins.nodeagent.streaming.spdy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyCodecTest {

    @Test
    void dictionaryIsTheSpdy3OneByLengthAndEnds() {
        byte[] d = SpdyDictionary.BYTES;
        assertEquals(1423, d.length);
        assertArrayEquals(new byte[] {0, 0, 0, 7, 'o', 'p', 't', 'i', 'o', 'n', 's'}, java.util.Arrays.copyOf(d, 11));
        assertEquals("enq=0.", new String(d, d.length - 6, 6, StandardCharsets.US_ASCII));
    }

    @Test
    void headerBlocksRoundTripThroughOneCompressionStreamPerDirection() throws IOException {
        SpdyCodec client = new SpdyCodec();
        SpdyCodec server = new SpdyCodec();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Map<String, List<String>> first = new LinkedHashMap<>();
        first.put("streamType", List.of("error"));
        first.put("port", List.of("8080"));
        first.put("requestID", List.of("0"));
        client.write(wire, new SpdyFrame.SynStream(1, 0, 0, false, first));
        Map<String, List<String>> second = new LinkedHashMap<>(first);
        second.put("streamType", List.of("data"));
        second.put("multi", List.of("a", "b"));
        client.write(wire, new SpdyFrame.SynStream(3, 0, 2, true, second));

        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        SpdyFrame.SynStream a = assertInstanceOf(SpdyFrame.SynStream.class, server.read(in));
        assertEquals(1, a.streamId());
        assertEquals("error", a.header("streamtype"));
        assertEquals("8080", a.header("Port"));
        SpdyFrame.SynStream b = assertInstanceOf(SpdyFrame.SynStream.class, server.read(in));
        assertEquals(3, b.streamId());
        assertEquals(2, b.priority());
        assertTrue(b.fin());
        assertEquals("data", b.header("streamType"));
        assertEquals(List.of("a", "b"), b.headers().get("multi"), "values are NUL-separated on the wire");
        assertNull(server.read(in));
    }

    @Test
    void compressedHeaderBlockNamesTheDictionary() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new SpdyCodec().write(wire, new SpdyFrame.SynReply(1, false, Map.of()));
        byte[] frame = wire.toByteArray();
        // control bit, version 3, type 2 (SYN_REPLY)
        assertArrayEquals(new byte[] {(byte) 0x80, 3, 0, 2}, java.util.Arrays.copyOf(frame, 4));
        // the zlib header after the stream id carries FDICT and the dictionary's Adler-32
        int zlib = 12;
        assertTrue((frame[zlib + 1] & 0x20) != 0, "FDICT set");
        Adler32 adler = new Adler32();
        adler.update(SpdyDictionary.BYTES);
        long id = ((frame[zlib + 2] & 0xFFL) << 24) | ((frame[zlib + 3] & 0xFFL) << 16) | ((frame[zlib + 4] & 0xFFL) << 8)
                | (frame[zlib + 5] & 0xFFL);
        assertEquals(adler.getValue(), id);
    }

    @Test
    void dataAndControlFramesRoundTrip() throws IOException {
        SpdyCodec codec = new SpdyCodec();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        codec.write(wire, new SpdyFrame.Data(5, true, "hello".getBytes(StandardCharsets.US_ASCII)));
        codec.write(wire, new SpdyFrame.Ping(7));
        codec.write(wire, new SpdyFrame.RstStream(5, SpdyFrame.RstStream.CANCEL));
        codec.write(wire, new SpdyFrame.GoAway(9, 0));
        codec.write(wire, new SpdyFrame.Other(9, 0, new byte[] {0, 0, 0, 1, 0, 1, 0, 0})); // WINDOW_UPDATE
        byte[] bytes = wire.toByteArray();
        assertArrayEquals(new byte[] {0, 0, 0, 5, 1, 0, 0, 5}, java.util.Arrays.copyOf(bytes, 8), "data frame head");

        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        SpdyCodec reader = new SpdyCodec();
        SpdyFrame.Data data = assertInstanceOf(SpdyFrame.Data.class, reader.read(in));
        assertEquals(5, data.streamId());
        assertTrue(data.fin());
        assertEquals("hello", new String(data.data(), StandardCharsets.US_ASCII));
        assertEquals(new SpdyFrame.Ping(7), reader.read(in));
        assertEquals(new SpdyFrame.RstStream(5, 5), reader.read(in));
        assertEquals(new SpdyFrame.GoAway(9, 0), reader.read(in));
        assertEquals(9, assertInstanceOf(SpdyFrame.Other.class, reader.read(in)).type());
    }

    @Test
    void otherVersionsAndTruncatedFramesAreRefused() {
        byte[] v2 = {(byte) 0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1};
        assertThrows(IOException.class, () -> new SpdyCodec().read(new ByteArrayInputStream(v2)));
        byte[] truncated = {0, 0, 0, 1, 0, 0, 0, 9, 'x'};
        assertThrows(IOException.class, () -> new SpdyCodec().read(new ByteArrayInputStream(truncated)));
    }
}
