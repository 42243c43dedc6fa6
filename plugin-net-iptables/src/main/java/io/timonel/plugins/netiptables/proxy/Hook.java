package io.timonel.plugins.netiptables.proxy;

import java.util.List;

/**
 * A jump from a built-in chain into one of the proxy's, added once when the proxy starts (when it
 * is not already there) and removed when it stops.
 *
 * @param table  {@code nat} or {@code filter}
 * @param chain  the built-in chain, e.g. {@code PREROUTING}
 * @param append whether it goes last in the chain (else first)
 * @param rule   the rule, ending with {@code -j TARGET}
 */
public record Hook(String table, String chain, boolean append, String rule) {

    /** The proxy's hooks. */
    public static final List<Hook> ALL = List.of(
            new Hook("nat", "PREROUTING", false, comment("timonel service portals") + " -j " + ChainNames.SERVICES),
            new Hook("nat", "OUTPUT", false, comment("timonel service portals") + " -j " + ChainNames.SERVICES),
            new Hook("nat", "POSTROUTING", false, comment("timonel postrouting rules") + " -j " + ChainNames.POSTROUTING),
            newOnly("INPUT", ChainNames.SERVICES), newOnly("INPUT", ChainNames.EXTERNAL),
            newOnly("FORWARD", ChainNames.SERVICES), newOnly("FORWARD", ChainNames.EXTERNAL),
            newOnly("OUTPUT", ChainNames.SERVICES), newOnly("OUTPUT", ChainNames.EXTERNAL),
            // last, so that Docker's FORWARD policy DROP is overridden but network policies placed
            // earlier in FORWARD still see service traffic first
            new Hook("filter", "FORWARD", true, comment("timonel forwarding rules") + " -j " + ChainNames.FORWARD));

    /** The chain it jumps to. */
    public String target() {
        return rule.substring(rule.lastIndexOf("-j ") + 3);
    }

    /** The line that adds it in a rules text. */
    public String addLine() {
        return (append ? "-A " : "-I ") + chain + " " + rule;
    }

    private static Hook newOnly(String chain, String target) {
        return new Hook("filter", chain, false, "-m conntrack --ctstate NEW "
                + comment(target.equals(ChainNames.SERVICES) ? "timonel service portals"
                        : "timonel externally-visible service portals") + " -j " + target);
    }

    private static String comment(String text) {
        return "-m comment --comment \"" + text + "\"";
    }
}
