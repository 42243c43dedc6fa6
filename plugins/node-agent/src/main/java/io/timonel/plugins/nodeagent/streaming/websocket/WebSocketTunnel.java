package io.timonel.plugins.nodeagent.streaming.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream carried in WebSocket binary messages, as kubectl tunnels SPDY for port-forward
 * (subprotocol {@code SPDY/3.1+portforward.k8s.io}): reads see the messages' payloads one after
 * another; writes are gathered and sent as one message on each {@code flush()}.
 */
public final class WebSocketTunnel {
    private final WebSocketConnection connection;

    public WebSocketTunnel(WebSocketConnection connection) {
        this.connection = connection;
    }

    /** The peer's bytes; EOF when it closes the WebSocket. Only one thread may read. */
    public InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position >= current.length) {
                    if (ended) {
                        return -1;
                    }
                    WebSocketConnection.Message message = connection.next();
                    if (message == null) {
                        ended = true;
                        return -1;
                    }
                    if (!message.binary()) {
                        throw new IOException("a tunnelled stream carries binary messages only");
                    }
                    current = message.payload();
                    position = 0;
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** Bytes for the peer, one binary message per {@code flush()}. Callers serialise their writes. */
    public OutputStream output() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (pending.size() == 0) {
                    return;
                }
                byte[] message = pending.toByteArray();
                pending.reset();
                connection.sendBinary(new byte[0], message, 0, message.length);
            }

            @Override
            public void close() throws IOException {
                flush();
                connection.sendClose(1000);
            }
        };
    }
}
