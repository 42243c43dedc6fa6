package io.timonel.plugins.nodeagent.streaming.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebSocketCodecTest {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Test
    void acceptKeyIsTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketCodec.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void maskedClientFrameIsUnmasked() throws IOException {
        // RFC 6455 section 5.7: a masked "Hello"
        byte[] wire = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        WebSocketCodec.Frame frame = WebSocketCodec.read(new ByteArrayInputStream(wire), 1024);
        assertEquals(WebSocketCodec.TEXT, frame.opcode());
        assertTrue(frame.fin());
        assertEquals("Hello", new String(frame.payload(), StandardCharsets.US_ASCII));
    }

    @Test
    void serverFramesUseTheShortestLengthEncoding() throws IOException {
        for (int size : new int[] {0, 125, 126, 65535, 65536}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) 7);
            WebSocketCodec.write(out, WebSocketCodec.BINARY, new byte[] {1}, data, 0, size);
            byte[] wire = out.toByteArray();
            int header = size + 1 < 126 ? 2 : size + 1 <= 0xFFFF ? 4 : 10;
            assertEquals(header + size + 1, wire.length, "frame of " + size);
            assertEquals(0x82, wire[0] & 0xFF);
            assertEquals(0, wire[1] & 0x80, "server frames are not masked");
            WebSocketCodec.Frame back = WebSocketCodec.read(new ByteArrayInputStream(wire), 1 << 20);
            assertEquals(size + 1, back.payload().length);
            assertEquals(1, back.payload()[0]);
        }
    }

    @Test
    void cleanEndBetweenFramesIsNullAndTruncationIsAnError() throws IOException {
        assertNull(WebSocketCodec.read(new ByteArrayInputStream(new byte[0]), 10));
        assertThrows(IOException.class, () -> WebSocketCodec.read(new ByteArrayInputStream(new byte[] {(byte) 0x82, 5, 1}), 10));
        assertThrows(IOException.class, () -> WebSocketCodec.read(new ByteArrayInputStream(new byte[] {(byte) 0x82, 126, 1, 0}), 10));
    }

    @Test
    void connectionJoinsFragmentsAnswersPingsAndEchoesClose() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        writeMasked(client, 0x02, new byte[] {0, 'a'}, false);
        WebSocketCodec.writeMasked(client, WebSocketCodec.PING, "hb".getBytes(StandardCharsets.US_ASCII), MASK);
        writeMasked(client, 0x00, new byte[] {'b'}, true);
        WebSocketCodec.writeMasked(client, WebSocketCodec.CLOSE, new byte[] {0x03, (byte) 0xE8}, MASK);
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        WebSocketConnection ws = new WebSocketConnection(new ByteArrayInputStream(client.toByteArray()), server, () -> { });

        WebSocketConnection.Message m = ws.next();
        assertTrue(m.binary());
        assertArrayEquals(new byte[] {0, 'a', 'b'}, m.payload());
        assertNull(ws.next(), "the close frame ends the message stream");

        ByteArrayInputStream sent = new ByteArrayInputStream(server.toByteArray());
        WebSocketCodec.Frame pong = WebSocketCodec.read(sent, 100);
        assertEquals(WebSocketCodec.PONG, pong.opcode());
        assertEquals("hb", new String(pong.payload(), StandardCharsets.US_ASCII));
        WebSocketCodec.Frame close = WebSocketCodec.read(sent, 100);
        assertEquals(WebSocketCodec.CLOSE, close.opcode());
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8}, close.payload());
        assertThrows(IOException.class, () -> ws.sendBinary(new byte[] {1}, new byte[0], 0, 0),
                "nothing is sent after close");
    }

    @Test
    void tunnelReadsMessagesAsOneByteStreamAndWritesOneMessagePerFlush() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        WebSocketCodec.writeMasked(client, WebSocketCodec.BINARY, "abc".getBytes(StandardCharsets.US_ASCII), MASK);
        WebSocketCodec.writeMasked(client, WebSocketCodec.BINARY, "defg".getBytes(StandardCharsets.US_ASCII), MASK);
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        WebSocketTunnel tunnel = new WebSocketTunnel(
                new WebSocketConnection(new ByteArrayInputStream(client.toByteArray()), server, () -> { }));
        assertEquals("abcdefg", new String(tunnel.input().readAllBytes(), StandardCharsets.US_ASCII));

        var out = tunnel.output();
        out.write("12".getBytes(StandardCharsets.US_ASCII));
        out.write("34".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        WebSocketCodec.Frame frame = WebSocketCodec.read(new ByteArrayInputStream(server.toByteArray()), 100);
        assertEquals(WebSocketCodec.BINARY, frame.opcode());
        assertEquals("1234", new String(frame.payload(), StandardCharsets.US_ASCII));
    }

    private static void writeMasked(ByteArrayOutputStream out, int opcode, byte[] data, boolean fin) {
        out.write((fin ? 0x80 : 0) | opcode);
        out.write(0x80 | data.length);
        out.writeBytes(MASK);
        for (int i = 0; i < data.length; i++) {
            out.write(data[i] ^ MASK[i & 3]);
        }
    }
}
