package io.timonel.plugins.netiptables.iptables;

import io.timonel.plugins.netiptables.exec.HostProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        HostProcess.Outcome outcome = HostProcess.run(argv, Map.of(), HostProcess.utf8(input),
                Duration.ofSeconds(TIMEOUT_SECONDS));
        if (outcome.ok()) {
            return new Result(true, outcome.stdout());
        }
        return Result.failed(outcome.exitCode() == HostProcess.CANNOT_RUN || outcome.exitCode() == HostProcess.TIMED_OUT
                || outcome.exitCode() == HostProcess.INTERRUPTED ? outcome.stderr()
                : "exit status " + outcome.exitCode() + ": " + outcome.stderr().strip());
    }
}
