package io.timonel.plugins.netiptables.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one host tool to its end: writes its standard input, reads its output and error output
 * on threads of their own (so that a large table or error text never fills a pipe and stalls
 * the tool), and kills it after a timeout. Blocks the caller; thread-safe.
 */
public final class HostProcess {
    /** The exit code reported when the tool could not be started. */
    public static final int CANNOT_RUN = 127;
    /** The exit code reported when the tool was killed for running too long. */
    public static final int TIMED_OUT = 124;
    /** The exit code reported when the caller was interrupted while waiting. */
    public static final int INTERRUPTED = 130;

    private HostProcess() {
    }

    /**
     * How a tool ended.
     *
     * @param exitCode its exit status, or {@link #CANNOT_RUN}, {@link #TIMED_OUT}, {@link #INTERRUPTED}
     * @param stdout   its standard output
     * @param stderr   its error output, or why it could not run or end
     */
    public record Outcome(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code argv} with {@code env} added to this process's environment and {@code stdin}
     * (may be null) as its input, for at most {@code timeout}.
     */
    public static Outcome run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(CANNOT_RUN, "", "cannot run " + String.join(" ", argv) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the tool ended early: its exit status and error output say why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(TIMED_OUT, "", argv.get(0) + " did not end within " + timeout);
            }
            return new Outcome(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(INTERRUPTED, "", "interrupted while " + argv.get(0) + " ran");
        }
    }

    /** Text input in UTF-8, or null. */
    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "host-process-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
