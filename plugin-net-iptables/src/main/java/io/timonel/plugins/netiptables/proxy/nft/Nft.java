package io.timonel.plugins.netiptables.proxy.nft;

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
 * Runs {@code nft -f -}: the only command the nftables data plane uses. The script given is one
 * transaction (the kernel applies it entirely or not at all).
 *
 * <p>Thread-safe (each call runs its own process); calls block until {@code nft} ends, at most
 * {@link #TIMEOUT_SECONDS}.
 */
public final class Nft {
    /** How long one command may run before it is killed and reported failed. */
    public static final long TIMEOUT_SECONDS = 120;

    private final List<String> prefix;

    private Nft(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** In this process's own network namespace. */
    public static Nft here() {
        return new Nft(List.of());
    }

    /** In a named network namespace ({@code ip netns exec NAME nft …}): tests and benchmarks. */
    public static Nft inNetns(String name) {
        return new Nft(List.of("ip", "netns", "exec", name));
    }

    /** {@code prefix} before {@code nft}; tests pass a script standing in for it. */
    public static Nft withPrefix(List<String> prefix) {
        return new Nft(prefix);
    }

    /**
     * What a command gave.
     *
     * @param ok     whether it exited with status 0
     * @param output its output; on failure why (its error output, or why it could not run)
     */
    public record Result(boolean ok, String output) {
    }

    /** Applies {@code script} with {@code nft -f -}. */
    public Result apply(String script) {
        return run(List.of("nft", "-f", "-"), script);
    }

    /** Runs {@code nft ARGS…} (e.g. {@code list table ip timonel}). */
    public Result command(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("nft");
        argv.addAll(List.of(args));
        return run(argv, null);
    }

    private Result run(List<String> command, String input) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            return new Result(false, "cannot run " + String.join(" ", argv) + ": " + e.getMessage());
        }
        // drain both streams while writing, so a long error text never blocks the command
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // nft ended early; its status and error output say why
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(false, String.join(" ", argv) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            int status = process.exitValue();
            return status == 0 ? new Result(true, out.join())
                    : new Result(false, "exit status " + status + ": " + abbreviate(err.join().strip()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    /** nft quotes every failing line of a large script: keep the start. */
    private static String abbreviate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + " …";
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
