package io.timonel.plugins.nodeagent.streaming.spdy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The server end of a SPDY/3.1 connection over an upgraded HTTP connection: the client opens
 * streams, this end answers each and exchanges data on them. One thread runs {@link #serve()}
 * (the reader); any thread may write, frames are serialised.
 *
 * <p>Flow control is not applied in either direction: the Kubernetes clients (spdystream) neither
 * send WINDOW_UPDATE nor wait for one, and the kubelet's side does the same.
 */
public final class SpdyConnection implements Closeable {
    /** Bytes a stream may hold unread before the reader waits for its consumer. */
    static final int STREAM_BUFFER = 4 * 1024 * 1024;

    private final DataInputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final Consumer<SpdyStream> onStream;
    private final SpdyCodec codec = new SpdyCodec();
    private final Object writeLock = new Object();
    private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile int lastStreamId;

    /**
     * @param onStream called on the reader thread for each stream the client opens; it must not
     *                 block (start work elsewhere), and it decides whether to reply or reset
     */
    public SpdyConnection(InputStream in, OutputStream out, Closeable transport, Consumer<SpdyStream> onStream) {
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.out = out;
        this.transport = transport;
        this.onStream = onStream;
    }

    /** Reads frames until the peer goes away; then every stream's input ends and {@link #closed()} completes. */
    public void serve() {
        try {
            while (true) {
                SpdyFrame frame = codec.read(in);
                if (frame == null || frame instanceof SpdyFrame.GoAway) {
                    break;
                }
                dispatch(frame);
            }
        } catch (IOException e) {
            // the peer went away or broke the protocol: either way the connection is over
        } finally {
            streams.values().forEach(SpdyStream::remoteEnded);
            closed.complete(null);
        }
    }

    private void dispatch(SpdyFrame frame) throws IOException {
        if (frame instanceof SpdyFrame.SynStream syn) {
            if (syn.streamId() <= lastStreamId || (syn.streamId() & 1) == 0) {
                send(new SpdyFrame.GoAway(lastStreamId, 1));
                throw new IOException("protocol error: stream id " + syn.streamId() + " out of order");
            }
            lastStreamId = syn.streamId();
            SpdyStream stream = new SpdyStream(this, syn.streamId(), syn.headers());
            streams.put(syn.streamId(), stream);
            if (syn.fin()) {
                stream.remoteEnded();
            }
            onStream.accept(stream);
        } else if (frame instanceof SpdyFrame.Data data) {
            SpdyStream stream = streams.get(data.streamId());
            if (stream == null) {
                return; // a stream already torn down: spdystream does the same
            }
            stream.received(data.data());
            if (data.fin()) {
                stream.remoteEnded();
            }
        } else if (frame instanceof SpdyFrame.RstStream rst) {
            SpdyStream stream = streams.remove(rst.streamId());
            if (stream != null) {
                stream.resetByPeer();
            }
        } else if (frame instanceof SpdyFrame.Ping ping) {
            if ((ping.id() & 1) == 1) {
                send(ping); // the client's pings have odd ids and are echoed
            }
        }
        // SETTINGS, WINDOW_UPDATE, HEADERS, SYN_REPLY: nothing to do for a server without flow control
    }

    /** Writes and flushes one frame. */
    void send(SpdyFrame frame) throws IOException {
        synchronized (writeLock) {
            codec.write(out, frame);
            out.flush();
        }
    }

    void forget(int streamId) {
        streams.remove(streamId);
    }

    /** Completes once the reader stopped: the peer closed, failed or said GOAWAY. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Says GOAWAY (best effort) and closes the transport, which ends {@link #serve()}. */
    @Override
    public void close() {
        try {
            send(new SpdyFrame.GoAway(lastStreamId, 0));
        } catch (IOException e) {
            // already gone
        }
        try {
            transport.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
