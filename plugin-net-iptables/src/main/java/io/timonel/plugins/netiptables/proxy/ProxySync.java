package io.timonel.plugins.netiptables.proxy;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.iptables.SavedTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sync engine: brings the tables to what a list of service ports asks for, in one
 * {@code iptables-restore} transaction per sync. A full sync reads the tables, rewrites every chain
 * of the proxy and deletes leftovers; an incremental one rewrites only the chains whose rules
 * changed since the last successful transaction and deletes those no longer wanted. Each port's
 * rules are remembered, so an unchanged port costs an equality check rather than a generation.
 *
 * <p>Not thread-safe: one thread syncs (the proxy's sync thread, or a benchmark).
 */
public final class ProxySync implements DataPlane {
    private final IptablesRestore iptables;
    private final ProxyRules rules;
    private final LongSupplier ticker;
    private Map<String, Memo> memo = new HashMap<>();
    private RuleSet applied = RuleSet.EMPTY;
    private boolean needsFull = true;

    private record Memo(ServicePort port, ServiceRules rules) {
    }

    /**
     * What a sync did.
     *
     * @param ok             whether the tables now hold the rules asked for
     * @param full           whether it was a full sync
     * @param rewritten      chains rewritten
     * @param deleted        chains deleted
     * @param rules          rules in the whole rule set
     * @param generateNanos  time spent generating and diffing
     * @param restoreNanos   time spent in iptables-save and iptables-restore
     * @param error          why it failed, else null
     */
    public record Outcome(boolean ok, boolean full, int rewritten, int deleted, int rules, long generateNanos,
                          long restoreNanos, String error) {
    }

    /**
     * @param iptables where the rules go
     * @param rules    the rule generation
     * @param ticker   nanoseconds, for the timings in {@link Outcome}
     */
    public ProxySync(IptablesRestore iptables, ProxyRules rules, LongSupplier ticker) {
        this.iptables = iptables;
        this.rules = rules;
        this.ticker = ticker;
    }

    /**
     * Syncs to {@code ports}. {@code full} forces a full sync; the first sync and the one after a
     * failure are full anyway.
     */
    @Override
    public Outcome sync(List<ServicePort> ports, boolean full) {
        long start = ticker.getAsLong();
        Map<String, Memo> next = new HashMap<>(ports.size() * 2);
        List<ServiceRules> pieces = new ArrayList<>(ports.size());
        for (ServicePort port : ports) {
            Memo known = memo.get(port.key());
            Memo current = known != null && known.port().equals(port) ? known : new Memo(port, rules.forPort(port));
            next.put(port.key(), current);
            pieces.add(current.rules());
        }
        RuleSet desired = rules.assemble(pieces);
        boolean doFull = full || needsFull;
        long restoreNanos = 0;
        RestorePlan plan;
        if (doFull) {
            long readStart = ticker.getAsLong();
            IptablesRestore.Result nat = iptables.save("nat");
            IptablesRestore.Result filter = nat.ok() ? iptables.save("filter") : nat;
            restoreNanos += ticker.getAsLong() - readStart;
            if (!filter.ok()) {
                return new Outcome(false, true, 0, 0, desired.ruleCount(), 0, restoreNanos,
                        "cannot read the tables: " + filter.output());
            }
            plan = RestorePlan.full(desired, SavedTable.parse(nat.output()), SavedTable.parse(filter.output()));
        } else {
            plan = RestorePlan.between(applied, desired);
        }
        String text = plan.isEmpty() ? "" : plan.text();
        long generated = ticker.getAsLong();
        long generateNanos = generated - start - restoreNanos;
        if (!text.isEmpty()) {
            IptablesRestore.Result result = iptables.apply(text);
            restoreNanos += ticker.getAsLong() - generated;
            if (!result.ok()) {
                needsFull = true;
                return new Outcome(false, doFull, 0, 0, desired.ruleCount(), generateNanos, restoreNanos,
                        "iptables-restore failed: " + result.output());
            }
        }
        applied = desired;
        memo = next;
        needsFull = false;
        return new Outcome(true, doFull, plan.rewrittenChains(), plan.deletedChains(), desired.ruleCount(),
                generateNanos, restoreNanos, null);
    }

    @Override
    public Cleanup removeAll() {
        IptablesRestore.Result result = removeChains();
        return new Cleanup(result.ok(), result.ok() ? "" : result.output());
    }

    /** Removes every hook and chain of the proxy from the tables (as they are now). */
    public IptablesRestore.Result removeChains() {
        IptablesRestore.Result nat = iptables.save("nat");
        IptablesRestore.Result filter = nat.ok() ? iptables.save("filter") : nat;
        if (!filter.ok()) {
            return filter;
        }
        RestorePlan plan = RestorePlan.removal(SavedTable.parse(nat.output()), SavedTable.parse(filter.output()));
        applied = RuleSet.EMPTY;
        memo = new HashMap<>();
        needsFull = true;
        return plan.isEmpty() ? new IptablesRestore.Result(true, "") : iptables.apply(plan.text());
    }
}
