package io.timonel.kernel.api.connect;

import java.io.IOException;
import java.nio.ByteBuffer;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Notices a client closing its connection while a response is streamed to it and nothing is
 * being written (a followed log that is silent): a read listener sees the end of input. For
 * requests without a body, whose connection carries nothing else meanwhile.
 */
final class ClientHangUp {
    private ClientHangUp() {
    }

    /**
     * Runs {@code onHangUp} (on an IO thread; it must be quick) once the peer closed or the
     * connection broke, until the returned handle is closed, which puts back the connection's own
     * read listener.
     */
    static AutoCloseable watch(ServerConnection connection, Runnable onHangUp) {
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
