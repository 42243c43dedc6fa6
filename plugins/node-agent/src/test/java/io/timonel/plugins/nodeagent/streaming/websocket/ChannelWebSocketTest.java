package io.timonel.plugins.nodeagent.streaming.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChannelWebSocketTest {
    private static final byte[] MASK = {1, 2, 3, 4};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void binaryMessagesStartWithTheChannelByte() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChannelWebSocket channels = new ChannelWebSocket(
                new WebSocketConnection(InputStream.nullInputStream(), wire, () -> { }), ChannelWebSocket.Framing.BINARY);
        channels.send(3, ascii("xhello"), 1, 5);
        WebSocketCodec.Frame frame = WebSocketCodec.read(new ByteArrayInputStream(wire.toByteArray()), 1024);
        assertEquals(WebSocketCodec.BINARY, frame.opcode());
        assertArrayEquals(new byte[] {3, 'h', 'e', 'l', 'l', 'o'}, frame.payload());
    }

    @Test
    void base64MessagesAreTextWithTheChannelDigit() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChannelWebSocket channels = new ChannelWebSocket(
                new WebSocketConnection(InputStream.nullInputStream(), wire, () -> { }), ChannelWebSocket.Framing.BASE64);
        channels.send(1, ascii("foo\n"), 0, 4);
        WebSocketCodec.Frame frame = WebSocketCodec.read(new ByteArrayInputStream(wire.toByteArray()), 1024);
        assertEquals(WebSocketCodec.TEXT, frame.opcode());
        assertEquals("1Zm9vCg==", new String(frame.payload(), StandardCharsets.US_ASCII));
    }

    @Test
    void receivedMessagesAreSplitIntoChannelAndPayload() {
        ChannelWebSocket.Received binary = ChannelWebSocket.decode(ChannelWebSocket.Framing.BINARY,
                new byte[] {2, 'a', 'b'}).orElseThrow();
        assertEquals(2, binary.channel());
        assertArrayEquals(ascii("ab"), binary.payload());

        ChannelWebSocket.Received base64 = ChannelWebSocket.decode(ChannelWebSocket.Framing.BASE64,
                ascii("0Zm9vCgo=")).orElseThrow();
        assertEquals(0, base64.channel());
        assertArrayEquals(ascii("foo\n\n"), base64.payload());

        ChannelWebSocket.Received channelOnly = ChannelWebSocket.decode(ChannelWebSocket.Framing.BINARY,
                new byte[] {(byte) 200}).orElseThrow();
        assertEquals(200, channelOnly.channel());
        assertEquals(0, channelOnly.payload().length);
    }

    @Test
    void emptyMessagesAndBrokenBase64NameNoChannel() {
        assertTrue(ChannelWebSocket.decode(ChannelWebSocket.Framing.BINARY, new byte[0]).isEmpty());
        assertTrue(ChannelWebSocket.decode(ChannelWebSocket.Framing.BASE64, new byte[0]).isEmpty());
        assertTrue(ChannelWebSocket.decode(ChannelWebSocket.Framing.BASE64, ascii("0not base64!")).isEmpty());
    }

    @Test
    void nextPassesOverMessagesWithoutAChannelAndEndsAtClose() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        WebSocketCodec.writeMasked(client, WebSocketCodec.BINARY, new byte[0], MASK);
        WebSocketCodec.writeMasked(client, WebSocketCodec.TEXT, ascii("2@@@"), MASK);
        WebSocketCodec.writeMasked(client, WebSocketCodec.TEXT, ascii("2YWJj"), MASK);
        WebSocketCodec.writeMasked(client, WebSocketCodec.CLOSE, new byte[] {0x03, (byte) 0xE8}, MASK);
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        ChannelWebSocket channels = new ChannelWebSocket(new WebSocketConnection(
                new ByteArrayInputStream(client.toByteArray()), answers, () -> { }), ChannelWebSocket.Framing.BASE64);
        ChannelWebSocket.Received first = channels.next();
        assertEquals(2, first.channel());
        assertArrayEquals(ascii("abc"), first.payload());
        assertNull(channels.next(), "the close ends the messages");
        WebSocketCodec.Frame echo = WebSocketCodec.read(new ByteArrayInputStream(answers.toByteArray()), 1024);
        assertEquals(WebSocketCodec.CLOSE, echo.opcode(), "the close is answered");
    }

    @Test
    void channelsAreBytes() {
        ChannelWebSocket channels = new ChannelWebSocket(new WebSocketConnection(InputStream.nullInputStream(),
                new ByteArrayOutputStream(), () -> { }), ChannelWebSocket.Framing.BINARY);
        assertThrows(IllegalArgumentException.class, () -> channels.send(256, new byte[0], 0, 0));
    }
}
