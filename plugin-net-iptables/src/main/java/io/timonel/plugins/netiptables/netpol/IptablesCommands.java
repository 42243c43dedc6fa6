package io.timonel.plugins.netiptables.netpol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Iptables} through the {@code iptables-save} and {@code iptables-restore} binaries (the
 * nf_tables variant on Debian 12, which applies a restore atomically). Package-private on purpose:
 * a shared runner for the whole plugin is expected to replace it.
 */
final class IptablesCommands implements Iptables {
    private final String save;
    private final String restore;
    private final Duration timeout;

    /**
     * @param save    the iptables-save command
     * @param restore the iptables-restore command
     * @param timeout how long a command may run before it is killed and counted a failure
     */
    IptablesCommands(String save, String restore, Duration timeout) {
        this.save = save;
        this.restore = restore;
        this.timeout = timeout;
    }

    @Override
    public Outcome save() {
        return run(List.of(save, "-t", "filter"), null);
    }

    @Override
    public Outcome restore(String input) {
        return run(List.of(restore, "--noflush"), input);
    }

    private Outcome run(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return Outcome.failure(command.get(0) + " cannot run: " + e.getMessage());
        }
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended early: its exit status and stderr say why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Outcome.failure(command.get(0) + " did not finish within " + timeout);
            }
            int status = process.exitValue();
            return status == 0 ? Outcome.success(out.join())
                    : Outcome.failure(command.get(0) + " exited with " + status + ": " + err.join().strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Outcome.failure(command.get(0) + " interrupted");
        }
    }

    /** Drains {@code stream} on a thread of its own, so that a full pipe never stalls the command. */
    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "network-policy-iptables-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
