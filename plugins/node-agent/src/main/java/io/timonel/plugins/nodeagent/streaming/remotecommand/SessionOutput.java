package io.timonel.plugins.nodeagent.streaming.remotecommand;

import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries a session's output to the client and tells how it ended, the part every remote-command
 * transport shares: stdout and stderr are copied (each on its own thread) until both end, then the
 * exit code is awaited and turned into the status the error channel carries.
 */
final class SessionOutput {
    /** How long the runtime may take to report the exit code after the output ended. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private SessionOutput() {
    }

    /**
     * Copies until the output ends or the client goes away, and returns the status for the error
     * channel; null when the client went away (nobody to tell).
     *
     * @param stdout where the session's stdout goes, or null to discard it
     * @param stderr where the session's stderr goes, or null to discard it
     */
    static byte[] pump(StreamSession session, OutputStream stdout, OutputStream stderr, List<String> command,
                       ExecutorService threads) {
        CompletableFuture<Boolean> out = copy(session.stdout(), stdout, threads);
        CompletableFuture<Boolean> err = copy(session.stderr(), stderr, threads);
        boolean clientThere;
        try {
            clientThere = out.get() & err.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            return null;
        } catch (ExecutionException e) {
            clientThere = false;
        }
        if (!clientThere) {
            session.close();
            return null;
        }
        try {
            int code = session.exitCode().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return ExitStatus.of(code, command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.failure("interrupted while waiting for the exit code");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ExitStatus.failure(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (TimeoutException e) {
            return ExitStatus.failure("the container runtime did not report the exit code within " + EXIT_WAIT);
        }
    }

    /** Completes with false when writing to the client failed (it went away), true at the end of the source. */
    private static CompletableFuture<Boolean> copy(InputStream from, OutputStream to, ExecutorService threads) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (from) {
                while (true) {
                    int n;
                    try {
                        n = from.read(buffer);
                    } catch (IOException e) {
                        return true; // the session's stream broke: treat as its end
                    }
                    if (n < 0) {
                        return true;
                    }
                    if (to != null && n > 0) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }, threads);
    }
}
