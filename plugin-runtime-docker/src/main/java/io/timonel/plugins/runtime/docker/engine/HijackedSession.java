package io.timonel.plugins.runtime.docker.engine;

import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An exec or attach session over a hijacked engine connection. One pump task reads the
 * connection and feeds {@link #stdout()} and {@link #stderr()} (demultiplexed unless the session
 * has a terminal, whose single stream is all stdout); {@link #stdin()} writes straight to the
 * connection and its {@code close()} half-closes it, which Docker passes on as the end of the
 * process's input. Closed before its process ended, a session detaches and its
 * {@link #exitCode()} is cancelled.
 */
public final class HijackedSession implements StreamSession {
    static final int PIPE_CAPACITY = 256 * 1024;

    /** Sends a terminal size to the engine. */
    public interface Resizer {
        void resize(int columns, int rows);
    }

    private final EngineConnection connection;
    private final StreamOptions options;
    private final Resizer resizer;
    private final BytePipe stdout = new BytePipe(PIPE_CAPACITY);
    private final BytePipe stderr = new BytePipe(PIPE_CAPACITY);
    private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();
    private final CompletableFuture<Integer> exitCode;
    private final OutputStream stdin;
    private volatile boolean closed;

    private HijackedSession(EngineConnection connection, StreamOptions options, Resizer resizer,
                            Function<HijackedSession, CompletionStage<Integer>> exitCode, boolean inputEndsAtClose) {
        this.connection = connection;
        this.options = options;
        this.resizer = resizer;
        this.stdin = !options.stdin() ? OutputStream.nullOutputStream()
                : inputEndsAtClose ? connection.output() : new KeptOpen(connection.output());
        this.exitCode = exitCode.apply(this).toCompletableFuture();
    }

    /** Input whose close only flushes: the process's input stays open, and its output keeps coming. */
    private static final class KeptOpen extends java.io.FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /**
     * Starts pumping {@code connection}'s output on {@code pumps}.
     *
     * @param exitCode given the session, the exit code of its process: typically asked of the
     *                 engine once {@link #outputEnded()} completes
     */
    public static HijackedSession start(EngineConnection connection, StreamOptions options, Executor pumps,
                                        Resizer resizer, Function<HijackedSession, CompletionStage<Integer>> exitCode) {
        return start(connection, options, pumps, resizer, exitCode, true);
    }

    /**
     * As {@link #start(EngineConnection, StreamOptions, Executor, Resizer, Function)}; with
     * {@code inputEndsAtClose} false, closing {@link #stdin()} does not end the process's input.
     * Docker ends an attachment whose input ended when the container keeps its stdin open
     * (StdinOnce false, as {@code kubectl debug -i} creates them), and the output after it would
     * be lost.
     */
    public static HijackedSession start(EngineConnection connection, StreamOptions options, Executor pumps,
                                        Resizer resizer, Function<HijackedSession, CompletionStage<Integer>> exitCode,
                                        boolean inputEndsAtClose) {
        HijackedSession session = new HijackedSession(connection, options, resizer, exitCode, inputEndsAtClose);
        pumps.execute(session::pump);
        return session;
    }

    private void pump() {
        OutputStream out = options.stdout() || options.tty() ? stdout.sink() : null;
        OutputStream err = options.stderr() && !options.tty() ? stderr.sink() : null;
        try {
            if (options.tty()) {
                copy(connection.input(), out);
            } else {
                FrameReader.demultiplex(connection.input(), out, err);
            }
        } catch (IOException ended) {
            // the connection went away (closed by us, or the engine cut it): the output ends here
        } finally {
            stdout.closeWriter();
            stderr.closeWriter();
            outputEnded.complete(null);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out != null && n > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Completes once the engine's output ended (the process exited, or the connection closed). */
    public CompletableFuture<Void> outputEnded() {
        return outputEnded;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return options.stdout() || options.tty() ? stdout.source() : InputStream.nullInputStream();
    }

    @Override
    public InputStream stderr() {
        return options.stderr() && !options.tty() ? stderr.source() : InputStream.nullInputStream();
    }

    @Override
    public void resize(int columns, int rows) {
        if (options.tty() && !closed && columns > 0 && rows > 0) {
            resizer.resize(columns, rows);
        }
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
