package io.timonel.plugins.netiptables.proxy.nft;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.iptables.SavedTable;
import io.timonel.plugins.netiptables.proxy.ChainNames;
import io.timonel.plugins.netiptables.proxy.Hook;
import io.timonel.plugins.netiptables.proxy.ProxyRules;
import io.timonel.plugins.netiptables.proxy.RestorePlan;
import java.util.List;

/**
 * The iptables side of the nftables data plane. A packet accepted by the table {@code ip timonel}
 * still meets iptables' FORWARD chain (iptables-nft is another nftables table on the same hook),
 * where Docker sets the policy DROP; only a rule in that chain lets forwarded service traffic
 * through. So this keeps the iptables mode's {@code TIMONEL-FORWARD} chain (accept what was DNATed
 * or marked for masquerading, and its replies) and its jump from FORWARD — nothing else. It also
 * removes what the iptables mode left (a node switched from one mode to the other).
 *
 * <p>The pod-routes component's {@code TIMONEL-PODNET-FORWARD} covers traffic from and to the
 * cluster CIDR, which includes service traffic to pods; this covers endpoints outside it too.
 */
public final class IptablesForwardAccept {
    private final IptablesRestore iptables;

    public IptablesForwardAccept(IptablesRestore iptables) {
        this.iptables = iptables;
    }

    /**
     * Makes the tables hold the forward accept and no other chain of the iptables mode.
     *
     * @return the failure (iptables missing, a rejected text), or {@code null} when done
     */
    public String ensure() {
        IptablesRestore.Result nat = iptables.save("nat");
        IptablesRestore.Result filter = nat.ok() ? iptables.save("filter") : nat;
        if (!filter.ok()) {
            return "cannot read iptables: " + filter.output();
        }
        SavedTable savedNat = SavedTable.parse(nat.output());
        SavedTable savedFilter = SavedTable.parse(filter.output());
        boolean leftovers = !savedNat.chainNames(ChainNames::owned).isEmpty() || savedFilter.chainNames(
                c -> ChainNames.owned(c) && !c.equals(ChainNames.FORWARD)).size() > 0;
        boolean hooked = savedFilter.hasRule("FORWARD", "-j " + ChainNames.FORWARD);
        if (leftovers) {
            IptablesRestore.Result removed = iptables.apply(RestorePlan.removal(savedNat, savedFilter).text());
            if (!removed.ok()) {
                return "cannot remove the iptables mode's chains: " + removed.output();
            }
            hooked = false;
        } else if (hooked && savedFilter.rules(ChainNames.FORWARD).size() == forwardRules().size()) {
            // iptables-save may reorder a rule's matches: its count tells ours from an older or emptied chain
            return null;
        }
        StringBuilder text = new StringBuilder("*filter\n:").append(ChainNames.FORWARD).append(" - [0:0]\n");
        for (String rule : forwardRules()) {
            text.append("-A ").append(ChainNames.FORWARD).append(' ').append(rule).append('\n');
        }
        if (!hooked) {
            Hook.ALL.stream().filter(h -> h.target().equals(ChainNames.FORWARD))
                    .forEach(h -> text.append(h.addLine()).append('\n'));
        }
        IptablesRestore.Result applied = iptables.apply(text.append("COMMIT\n").toString());
        return applied.ok() ? null : "cannot add the FORWARD accept: " + applied.output();
    }

    /** Removes the forward accept (and anything else of the iptables mode). */
    public IptablesRestore.Result remove() {
        IptablesRestore.Result nat = iptables.save("nat");
        IptablesRestore.Result filter = nat.ok() ? iptables.save("filter") : nat;
        if (!filter.ok()) {
            return filter;
        }
        RestorePlan plan = RestorePlan.removal(SavedTable.parse(nat.output()), SavedTable.parse(filter.output()));
        return plan.isEmpty() ? new IptablesRestore.Result(true, "") : iptables.apply(plan.text());
    }

    private static List<String> forwardRules() {
        return new ProxyRules(null, List.of()).assemble(List.of()).filter().get(ChainNames.FORWARD);
    }
}
