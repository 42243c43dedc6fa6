package io.timonel.plugins.nodeagent.streaming;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An HTTP connection after {@code 101 Switching Protocols}, as blocking streams. {@link #close()}
 * closes the whole connection; the streams may be used from one reader and one writer thread.
 */
public record Upgraded(InputStream in, OutputStream out, Closeable connection) implements Closeable {
    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
