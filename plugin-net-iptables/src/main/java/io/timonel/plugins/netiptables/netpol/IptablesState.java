package io.timonel.plugins.netiptables.netpol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@code iptables-save -t filter} shows of this component: its chains, and which built-in
 * chains jump to the root chain.
 *
 * @param chains   the chains present whose names this component owns
 * @param jumpedBy the built-in chains (FORWARD, OUTPUT) holding this component's jump
 */
record IptablesState(Set<String> chains, Set<String> jumpedBy) {
    static final IptablesState NONE = new IptablesState(Set.of(), Set.of());

    IptablesState {
        chains = Set.copyOf(chains);
        jumpedBy = Set.copyOf(jumpedBy);
    }

    /** Reads the filter table's part of {@code iptables-save} output. */
    static IptablesState parse(String save) {
        Set<String> chains = new LinkedHashSet<>();
        Set<String> jumps = new LinkedHashSet<>();
        boolean filter = false;
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                filter = line.equals("*filter");
            } else if (filter && line.startsWith(":")) {
                String chain = line.substring(1).split(" ", 2)[0];
                if (ChainNames.owned(chain)) {
                    chains.add(chain);
                }
            } else if (filter && line.startsWith("-A ") && line.endsWith("-j " + ChainNames.ROOT)) {
                String chain = line.substring(3).split(" ", 2)[0];
                if (Jumps.FROM.contains(chain)) {
                    jumps.add(chain);
                }
            }
        }
        return new IptablesState(chains, jumps);
    }
}
