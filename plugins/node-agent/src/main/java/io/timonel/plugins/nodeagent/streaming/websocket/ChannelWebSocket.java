package io.timonel.plugins.nodeagent.streaming.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Numbered channels multiplexed on one WebSocket, as Kubernetes' {@code channel.k8s.io} family of
 * subprotocols frames them: every message starts with the channel it belongs to.
 * <ul>
 *   <li>{@link Framing#BINARY} ({@code v4.channel.k8s.io}, or no subprotocol at all): a binary
 *       message of one channel byte followed by the raw payload;</li>
 *   <li>{@link Framing#BASE64} ({@code v4.base64.channel.k8s.io}): a text message of the character
 *       {@code '0' + channel} followed by the payload in standard base64.</li>
 * </ul>
 * Like the kubelet, a receiver takes the channel from the first byte of either kind of message, and
 * passes over empty messages and payloads that do not decode.
 */
public final class ChannelWebSocket {

    /** How payloads travel. */
    public enum Framing {
        BINARY,
        BASE64
    }

    /** A message from the peer: its channel and decoded payload. */
    public record Received(int channel, byte[] payload) {
    }

    private final WebSocketConnection connection;
    private final Framing framing;

    public ChannelWebSocket(WebSocketConnection connection, Framing framing) {
        this.connection = connection;
        this.framing = framing;
    }

    public Framing framing() {
        return framing;
    }

    /**
     * The next message that names a channel; null once the peer closed or the stream ended. Only one
     * thread may read.
     */
    public Received next() throws IOException {
        WebSocketConnection.Message message;
        while ((message = connection.next()) != null) {
            Optional<Received> received = decode(framing, message.payload());
            if (received.isPresent()) {
                return received.get();
            }
        }
        return null;
    }

    /** Sends {@code data[off, off+len)} on {@code channel} (0-255); any thread may send. */
    public void send(int channel, byte[] data, int off, int len) throws IOException {
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("channel " + channel + " is not a byte");
        }
        if (framing == Framing.BINARY) {
            connection.sendBinary(new byte[] {(byte) channel}, data, off, len);
        } else {
            connection.sendText(encodeBase64(channel, data, off, len));
        }
    }

    /** Sends a close frame with {@code code} (1000: normal closure) unless one was sent already. */
    public void sendClose(int code) throws IOException {
        connection.sendClose(code);
    }

    /** Closes the underlying connection at once. */
    public void close() {
        connection.close();
    }

    /** What a message's payload carries, or empty when it names no channel or its base64 is broken. */
    static Optional<Received> decode(Framing framing, byte[] message) {
        if (message.length == 0) {
            return Optional.empty();
        }
        if (framing == Framing.BINARY) {
            return Optional.of(new Received(message[0] & 0xFF, Arrays.copyOfRange(message, 1, message.length)));
        }
        int channel = ((message[0] & 0xFF) - '0') & 0xFF; // a byte, as the kubelet computes it
        try {
            byte[] payload = Base64.getDecoder().decode(Arrays.copyOfRange(message, 1, message.length));
            return Optional.of(new Received(channel, payload));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The text of a base64-framed message. */
    static byte[] encodeBase64(int channel, byte[] data, int off, int len) {
        String text = new String(Character.toChars('0' + channel))
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, off, off + len));
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
