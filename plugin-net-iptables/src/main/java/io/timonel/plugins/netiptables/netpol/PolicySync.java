package io.timonel.plugins.netiptables.netpol;

import java.util.Set;

/**
 * The sync engine: computes the wanted chains and writes what differs from what it last wrote, in
 * one iptables-restore transaction. A full sync reads the table first and rewrites every chain
 * (repairing whatever someone else changed, and deleting chains left by an earlier run); after a
 * failed write the next sync is full. Not thread-safe: one caller (the component's sync thread).
 */
final class PolicySync {
    private final Iptables iptables;
    private final PolicyCompiler compiler;
    /** What the last successful write left, or null when unknown (never written, or a write failed). */
    private RuleSet written;

    PolicySync(Iptables iptables, PolicyCompiler compiler) {
        this.iptables = iptables;
        this.compiler = compiler;
    }

    /**
     * How one sync went.
     *
     * @param ok      whether the table now holds the wanted chains
     * @param chains  how many chains the transaction wrote or deleted (0: nothing changed)
     * @param problem what went wrong, when not ok
     */
    record Result(boolean ok, int chains, String problem) {
        static Result done(int chains) {
            return new Result(true, chains, null);
        }

        static Result failed(String problem) {
            return new Result(false, 0, problem);
        }
    }

    /** Brings the table to the rules for {@code inputs}; {@code full} rereads and rewrites everything. */
    Result sync(PolicyInputs inputs, boolean full) {
        RuleSet wanted = compiler.compile(inputs);
        RuleSet from;
        IptablesState present;
        if (full || written == null) {
            Iptables.Outcome save = iptables.save();
            if (!save.ok()) {
                written = null;
                return Result.failed(save.output());
            }
            from = RuleSet.EMPTY;
            present = IptablesState.parse(save.output());
        } else {
            from = written;
            present = new IptablesState(written.chains().keySet(),
                    written.chains().containsKey(ChainNames.ROOT) ? Set.copyOf(Jumps.FROM) : Set.of());
        }
        String transaction = RestorePlan.sync(from, wanted, present);
        if (transaction.isEmpty()) {
            written = wanted;
            return Result.done(0);
        }
        Iptables.Outcome restore = iptables.restore(transaction);
        if (!restore.ok()) {
            written = null;
            return Result.failed(restore.output());
        }
        written = wanted;
        return Result.done((int) transaction.lines().filter(l -> l.startsWith(":")).count());
    }

    /** Removes every chain and jump of this component from the table. */
    Result teardown() {
        written = null;
        Iptables.Outcome save = iptables.save();
        if (!save.ok()) {
            return Result.failed(save.output());
        }
        String transaction = RestorePlan.teardown(IptablesState.parse(save.output()));
        if (transaction.isEmpty()) {
            return Result.done(0);
        }
        Iptables.Outcome restore = iptables.restore(transaction);
        return restore.ok() ? Result.done((int) transaction.lines().filter(l -> l.startsWith(":")).count())
                : Result.failed(restore.output());
    }
}
