package io.timonel.plugins.netiptables.netpol;

import java.util.List;

/**
 * The jumps from the built-in chains into {@link ChainNames#ROOT}: inserted first in FORWARD
 * (bridged and routed pod traffic, before Docker's or anyone's ACCEPTs) and in OUTPUT (what the
 * node itself sends to its pods), once, and deleted when the component stops.
 */
final class Jumps {
    /** The built-in chains that jump to the root chain. */
    static final List<String> FROM = List.of("FORWARD", "OUTPUT");
    private static final String SPEC = "-m comment --comment \"timonel network policy\" -j " + ChainNames.ROOT;

    private Jumps() {
    }

    static String insert(String chain) {
        return "-I " + chain + " 1 " + SPEC;
    }

    static String delete(String chain) {
        return "-D " + chain + " " + SPEC;
    }
}
