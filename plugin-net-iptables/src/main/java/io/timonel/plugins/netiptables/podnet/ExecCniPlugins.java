package io.timonel.plugins.netiptables.podnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link CniPlugins} as processes: the binaries of {@code binDir}, each run with at most {@code timeout}. */
public final class ExecCniPlugins implements CniPlugins {
    private final Path binDir;
    private final Duration timeout;

    public ExecCniPlugins(Path binDir, Duration timeout) {
        this.binDir = binDir;
        this.timeout = timeout;
    }

    @Override
    public Invocation run(String type, Map<String, String> env, byte[] stdin) {
        Path binary = binDir.resolve(type);
        if (!Files.isExecutable(binary)) {
            return new Invocation(127, "", "CNI plugin " + type + " not found in " + binDir);
        }
        ProcessBuilder builder = new ProcessBuilder(binary.toString());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Invocation(124, "", "CNI plugin " + type + " did not finish within " + timeout);
            }
            return new Invocation(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Invocation(126, "", "CNI plugin " + type + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Invocation(130, "", "interrupted while CNI plugin " + type + " ran");
        }
    }

    /** Reads a stream to its end on a thread of its own (the pipes must not fill up while we wait). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "cni-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
