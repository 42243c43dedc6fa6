package io.timonel.plugins.nodeagent.streaming.websocket;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server end of an upgraded WebSocket connection, used by blocking threads: one reader calls
 * {@link #next()}, any thread may send (sends are serialised). Pings are answered and a close
 * frame is echoed as RFC 6455 asks, out of sight of the reader.
 */
public final class WebSocketConnection implements Closeable {
    /** Larger than any message a Kubernetes client sends (client-go buffers 32 KiB + 1 KiB). */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final Object writeLock = new Object();
    private boolean closeSent;

    /** A data message: text or binary, its fragments joined. */
    public record Message(boolean binary, byte[] payload) {
    }

    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport) {
        this.in = in;
        this.out = out;
        this.transport = transport;
    }

    /**
     * The next data message; null once the peer closed (its close frame was answered) or the
     * stream ended.
     *
     * @throws IOException when the connection fails or the peer breaks the protocol
     */
    public Message next() throws IOException {
        ByteArrayOutputStream fragments = null;
        int fragmentedOpcode = 0;
        while (true) {
            WebSocketCodec.Frame frame = WebSocketCodec.read(in, MAX_MESSAGE);
            if (frame == null) {
                return null;
            }
            switch (frame.opcode()) {
                case WebSocketCodec.PING -> send(WebSocketCodec.PONG, frame.payload());
                case WebSocketCodec.PONG -> {
                    // answers to pings we never send; nothing to do
                }
                case WebSocketCodec.CLOSE -> {
                    byte[] code = frame.payload().length >= 2 ? new byte[] {frame.payload()[0], frame.payload()[1]}
                            : new byte[0];
                    sendClose(code);
                    return null;
                }
                case WebSocketCodec.TEXT, WebSocketCodec.BINARY -> {
                    if (frame.fin()) {
                        return new Message(frame.opcode() == WebSocketCodec.BINARY, frame.payload());
                    }
                    fragments = new ByteArrayOutputStream();
                    fragments.write(frame.payload());
                    fragmentedOpcode = frame.opcode();
                }
                case WebSocketCodec.CONTINUATION -> {
                    if (fragments == null) {
                        throw new IOException("WebSocket continuation frame without a message");
                    }
                    fragments.write(frame.payload());
                    if (fragments.size() > MAX_MESSAGE) {
                        throw new IOException("WebSocket message exceeds " + MAX_MESSAGE + " bytes");
                    }
                    if (frame.fin()) {
                        return new Message(fragmentedOpcode == WebSocketCodec.BINARY, fragments.toByteArray());
                    }
                }
                default -> throw new IOException("unknown WebSocket opcode " + frame.opcode());
            }
        }
    }

    /** Sends one binary message made of {@code prefix} and {@code data[off, off+len)}. */
    public void sendBinary(byte[] prefix, byte[] data, int off, int len) throws IOException {
        synchronized (writeLock) {
            if (closeSent) {
                throw new IOException("WebSocket already closed");
            }
            WebSocketCodec.write(out, WebSocketCodec.BINARY, prefix, data, off, len);
            out.flush();
        }
    }

    /** Sends one text message; {@code utf8} must be valid UTF-8. */
    public void sendText(byte[] utf8) throws IOException {
        synchronized (writeLock) {
            if (closeSent) {
                throw new IOException("WebSocket already closed");
            }
            WebSocketCodec.write(out, WebSocketCodec.TEXT, new byte[0], utf8, 0, utf8.length);
            out.flush();
        }
    }

    /** Sends a close frame with {@code code} (1000: normal closure) unless one was sent already. */
    public void sendClose(int code) throws IOException {
        sendClose(new byte[] {(byte) (code >>> 8), (byte) code});
    }

    private void sendClose(byte[] payload) throws IOException {
        synchronized (writeLock) {
            if (closeSent) {
                return;
            }
            closeSent = true;
            WebSocketCodec.write(out, WebSocketCodec.CLOSE, new byte[0], payload, 0, payload.length);
            out.flush();
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        synchronized (writeLock) {
            if (closeSent) {
                return;
            }
            WebSocketCodec.write(out, opcode, new byte[0], payload, 0, payload.length);
            out.flush();
        }
    }

    /** Closes the underlying connection at once. */
    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
