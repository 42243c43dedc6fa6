package io.timonel.plugins.nodeagent.streaming.spdy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpdyConnectionTest {

    @Test
    void streamsAreRepliedFedAndEndedByFinAndClientPingsEchoed() throws IOException {
        SpdyCodec client = new SpdyCodec();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        client.write(wire, new SpdyFrame.SynStream(1, 0, 0, false, Map.of("streamtype", List.of("stdin"))));
        client.write(wire, new SpdyFrame.Data(1, false, "abc".getBytes(StandardCharsets.US_ASCII)));
        client.write(wire, new SpdyFrame.Ping(1));
        client.write(wire, new SpdyFrame.Data(1, true, "def".getBytes(StandardCharsets.US_ASCII)));
        client.write(wire, new SpdyFrame.Data(99, false, new byte[] {1})); // unknown stream: ignored
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<SpdyStream> opened = new ArrayList<>();
        SpdyConnection connection = new SpdyConnection(new ByteArrayInputStream(wire.toByteArray()), sent, () -> { },
                stream -> {
                    opened.add(stream);
                    try {
                        stream.reply();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        connection.serve();
        assertTrue(connection.closed().isDone());
        assertEquals(1, opened.size());
        assertEquals("stdin", opened.get(0).header("streamType"));
        assertEquals("abcdef", new String(opened.get(0).input().readAllBytes(), StandardCharsets.US_ASCII));

        opened.get(0).output().write("out".getBytes(StandardCharsets.US_ASCII));
        opened.get(0).output().close();
        SpdyCodec reader = new SpdyCodec();
        ByteArrayInputStream answers = new ByteArrayInputStream(sent.toByteArray());
        assertEquals(1, assertInstanceOf(SpdyFrame.SynReply.class, reader.read(answers)).streamId());
        assertEquals(new SpdyFrame.Ping(1), reader.read(answers));
        SpdyFrame.Data out = assertInstanceOf(SpdyFrame.Data.class, reader.read(answers));
        assertEquals("out", new String(out.data(), StandardCharsets.US_ASCII));
        SpdyFrame.Data fin = assertInstanceOf(SpdyFrame.Data.class, reader.read(answers));
        assertTrue(fin.fin());
        assertEquals(0, fin.data().length);
    }

    @Test
    void resetByClientEndsTheInputAndRefusesWrites() throws IOException {
        SpdyCodec client = new SpdyCodec();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        client.write(wire, new SpdyFrame.SynStream(1, 0, 0, false, Map.of("streamtype", List.of("data"))));
        client.write(wire, new SpdyFrame.RstStream(1, SpdyFrame.RstStream.CANCEL));
        List<SpdyStream> opened = new ArrayList<>();
        SpdyConnection connection = new SpdyConnection(new ByteArrayInputStream(wire.toByteArray()),
                new ByteArrayOutputStream(), () -> { }, opened::add);
        connection.serve();
        SpdyStream stream = opened.get(0);
        assertTrue(stream.isReset());
        assertEquals(-1, stream.input().read());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> stream.output().write(1));
    }
}
