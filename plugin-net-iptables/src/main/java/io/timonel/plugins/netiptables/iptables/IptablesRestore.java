package io.timonel.plugins.netiptables.iptables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies rules texts with {@code iptables-restore --noflush} and reads tables with
 * {@code iptables-save}: the only two commands features run.
 *
 * <p>A rules text is the {@code iptables-save} format: for each table {@code *nat} (or
 * {@code *filter}), then {@code :CHAIN - [0:0]} for every chain of ours to create <em>or flush</em>,
 * then {@code -A}/{@code -I}/{@code -D} rules, {@code -X CHAIN} to delete one, and {@code COMMIT}.
 * With {@code --noflush} the chains not declared keep their rules, so a feature lists only the
 * chains it rewrites; the whole text is one transaction: it applies entirely or not at all.
 *
 * <p>Thread-safe (each call runs its own process). Calls block until the command ends (at most
 * {@link #TIMEOUT_SECONDS}); run them off shared schedulers.
 */
public final class IptablesRestore {
    /** How long one command may run before it is killed and reported failed. */
    public static final long TIMEOUT_SECONDS = 120;

    private final List<String> prefix;

    private IptablesRestore(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs the commands in this process's own network namespace. */
    public static IptablesRestore here() {
        return new IptablesRestore(List.of());
    }

    /**
     * Runs {@code prefix} followed by each command, e.g. {@code nsenter --net=/proc/PID/ns/net}; tests pass
     * a script standing in for iptables.
     */
    public static IptablesRestore withPrefix(List<String> prefix) {
        return new IptablesRestore(prefix);
    }

    /** Runs the commands in the named network namespace ({@code ip netns exec NAME …}): tests and benchmarks. */
    public static IptablesRestore inNetns(String name) {
        return new IptablesRestore(List.of("ip", "netns", "exec", name));
    }

    /**
     * What a command gave.
     *
     * @param ok     whether it exited with status 0
     * @param output its standard output (the table, for {@link #save}); on failure its error output
     */
    public record Result(boolean ok, String output) {
        /** A command that could not be run at all (missing binary, timeout). */
        static Result failed(String why) {
            return new Result(false, why);
        }
    }

    /** Applies {@code rules} in one transaction with {@code iptables-restore -w --noflush}. */
    public Result apply(String rules) {
        return run(List.of("iptables-restore", "-w", "--noflush"), rules);
    }

    /** Reads one table ({@code nat}, {@code filter} …) with {@code iptables-save -t TABLE}. */
    public Result save(String table) {
        return run(List.of("iptables-save", "-t", table), null);
    }

    private Result run(List<String> command, String input) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            return Result.failed("cannot run " + String.join(" ", argv) + ": " + e.getMessage());
        }
        // read both streams while writing, so that a large table or error text never blocks the command
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command ended early; its exit status and error output tell why
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Result.failed(String.join(" ", argv) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            int status = process.exitValue();
            return status == 0 ? new Result(true, out.join())
                    : new Result(false, "exit status " + status + ": " + err.join().strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
