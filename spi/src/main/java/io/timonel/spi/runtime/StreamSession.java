package io.timonel.spi.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A running exec or attach session. Closing {@link #stdin()} tells the process its input ended;
 * {@link #stdout()} and {@link #stderr()} end when the process does. Streams not asked for are
 * empty (output) or discard (input).
 */
public interface StreamSession extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Resizes the terminal (tty sessions only; ignored otherwise). */
    void resize(int columns, int rows);

    /** Completes with the process's exit code once it ended (attach: when the container exits). */
    CompletableFuture<Integer> exitCode();

    /** Ends the session (detaches; an exec'd process may go on). */
    @Override
    void close();
}
