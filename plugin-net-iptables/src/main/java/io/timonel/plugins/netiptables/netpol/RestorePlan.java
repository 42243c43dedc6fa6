package io.timonel.plugins.netiptables.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code iptables-restore --noflush} input that takes the filter table from what is there to
 * what is wanted, in one transaction. In noflush mode, declaring a chain ({@code :CHAIN - [0:0]})
 * creates it or empties it, so a changed chain is declared and written out whole, a chain no
 * longer wanted is declared (emptied: nothing it jumps to is referenced any more) and deleted at
 * the end, and an unchanged chain is not mentioned at all.
 */
final class RestorePlan {
    private RestorePlan() {
    }

    /**
     * The transaction from {@code written} (what this component last wrote, or
     * {@link RuleSet#EMPTY} to rewrite every chain) to {@code wanted}; chains in {@code present}
     * that are not wanted are deleted; the jumps are inserted when missing, or deleted when the
     * root chain is not wanted. Empty when nothing changes.
     */
    static String sync(RuleSet written, RuleSet wanted, IptablesState present) {
        List<String> declare = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (var chain : wanted.chains().entrySet()) {
            boolean unchanged = written.chains().containsKey(chain.getKey())
                    && written.rules(chain.getKey()).equals(chain.getValue())
                    && present.chains().contains(chain.getKey());
            if (!unchanged) {
                declare.add(chain.getKey());
                rules.addAll(chain.getValue());
            }
        }
        Set<String> stale = new TreeSet<>(present.chains());
        stale.addAll(written.chains().keySet());
        stale.removeAll(wanted.chains().keySet());
        declare.addAll(stale);
        List<String> jumps = new ArrayList<>();
        boolean rooted = wanted.chains().containsKey(ChainNames.ROOT);
        for (String from : Jumps.FROM) {
            if (rooted && !present.jumpedBy().contains(from)) {
                jumps.add(Jumps.insert(from));
            } else if (!rooted && present.jumpedBy().contains(from)) {
                jumps.add(Jumps.delete(from)); // before the root chain is deleted below
            }
        }
        if (declare.isEmpty() && jumps.isEmpty()) {
            return "";
        }
        return transaction(declare, rules, jumps, stale);
    }

    /** The transaction that removes every chain and jump of this component that {@code present} shows. */
    static String teardown(IptablesState present) {
        return sync(RuleSet.EMPTY, RuleSet.EMPTY, present);
    }

    private static String transaction(List<String> declare, List<String> rules, List<String> jumps,
                                      Set<String> delete) {
        StringBuilder b = new StringBuilder("*filter\n");
        declare.forEach(c -> b.append(':').append(c).append(" - [0:0]\n"));
        rules.forEach(r -> b.append(r).append('\n'));
        jumps.forEach(j -> b.append(j).append('\n'));
        delete.forEach(c -> b.append("-X ").append(c).append('\n'));
        return b.append("COMMIT\n").toString();
    }
}
