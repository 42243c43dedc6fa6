package io.timonel.plugins.nodeagent.streaming;

import java.io.IOException;
import java.nio.ByteBuffer;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Notices a client closing a connection whose response is still being streamed (a followed log),
 * even while nothing is written to it: a read listener on the connection sees the end of input.
 * Only for requests without a body on connections that carry no further request.
 */
public final class PeerHangUp {
    private PeerHangUp() {
    }

    /**
     * Runs {@code onHangUp} (on an IO thread; it must be quick) once the peer closed or the
     * connection broke, until the returned handle is closed, which puts back the connection's own
     * read listener.
     */
    public static AutoCloseable watch(ServerConnection connection, Runnable onHangUp) {
        if (!(connection instanceof AbstractServerConnection http)) {
            return () -> { };
        }
        ConduitStreamSourceChannel source = http.getChannel().getSourceChannel();
        ChannelListener<? super ConduitStreamSourceChannel> previous = source.getReadListener();
        ByteBuffer scratch = ByteBuffer.allocate(256);
        source.setReadListener(channel -> {
            try {
                int n;
                do {
                    scratch.clear();
                    n = channel.read(scratch);
                } while (n > 0);
                if (n < 0) {
                    channel.suspendReads();
                    onHangUp.run();
                }
            } catch (IOException e) {
                channel.suspendReads();
                onHangUp.run();
            }
        });
        source.resumeReads();
        return () -> {
            source.suspendReads();
            source.setReadListener(previous);
        };
    }
}
