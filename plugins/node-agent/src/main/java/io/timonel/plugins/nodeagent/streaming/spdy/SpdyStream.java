package io.timonel.plugins.nodeagent.streaming.spdy;

import io.timonel.plugins.nodeagent.streaming.ByteQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client-opened stream of a {@link SpdyConnection}: its headers, the client's data as an
 * input stream (EOF on the client's FIN, reset or disconnect) and an output stream whose writes
 * become DATA frames and whose {@code close()} half-closes this side (FIN).
 */
public final class SpdyStream {
    /** Larger DATA frames are split: keeps one stream from holding the connection for long. */
    static final int MAX_DATA = 32 * 1024;

    private final SpdyConnection connection;
    private final int id;
    private final Map<String, List<String>> headers;
    private final ByteQueue inbound = new ByteQueue(SpdyConnection.STREAM_BUFFER);
    private volatile boolean localClosed;
    private volatile boolean reset;

    SpdyStream(SpdyConnection connection, int id, Map<String, List<String>> headers) {
        this.connection = connection;
        this.id = id;
        this.headers = headers;
    }

    public int id() {
        return id;
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Accepts the stream (SYN_REPLY with no headers), which the client waits for. */
    public void reply() throws IOException {
        connection.send(new SpdyFrame.SynReply(id, false, Map.of()));
    }

    /** Ends the stream abnormally (RST_STREAM CANCEL); later writes fail. */
    public void reset() {
        if (reset) {
            return;
        }
        reset = true;
        localClosed = true;
        inbound.end();
        connection.forget(id);
        try {
            connection.send(new SpdyFrame.RstStream(id, SpdyFrame.RstStream.CANCEL));
        } catch (IOException e) {
            // the connection is gone, and the stream with it
        }
    }

    /** What the client sends on this stream. */
    public InputStream input() {
        return inbound.input();
    }

    /** What this side sends; {@code close()} sends FIN once. */
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (localClosed) {
                    throw new IOException(reset ? "stream " + id + " was reset" : "stream " + id + " is closed");
                }
                while (len > 0) {
                    int n = Math.min(len, MAX_DATA);
                    byte[] chunk = new byte[n];
                    System.arraycopy(b, off, chunk, 0, n);
                    connection.send(new SpdyFrame.Data(id, false, chunk));
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (localClosed) {
                    return;
                }
                localClosed = true;
                connection.send(new SpdyFrame.Data(id, true, new byte[0]));
            }
        };
    }

    /** True once the client reset the stream. */
    public boolean isReset() {
        return reset;
    }

    void received(byte[] data) throws InterruptedIOException {
        inbound.put(data);
    }

    void remoteEnded() {
        inbound.end();
    }

    void resetByPeer() {
        reset = true;
        localClosed = true;
        inbound.end();
    }
}
