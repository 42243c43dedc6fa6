package io.timonel.plugins.netiptables.netpol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter-table chains this component wants, each with its rules as iptables-restore lines
 * ({@code -A CHAIN ...}), in the order they are written. Equal rule sets produce equal text,
 * which is how a sync tells which chains changed.
 */
record RuleSet(Map<String, List<String>> chains) {
    static final RuleSet EMPTY = new RuleSet(Map.of());

    RuleSet {
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        chains.forEach((chain, rules) -> copy.put(chain, List.copyOf(rules)));
        chains = java.util.Collections.unmodifiableMap(copy);
    }

    /** The rules of {@code chain}, or an empty list when there is no such chain. */
    List<String> rules(String chain) {
        return chains.getOrDefault(chain, List.of());
    }
}
