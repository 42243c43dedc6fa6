package io.timonel.plugins.netiptables.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One table as {@code iptables-save -t TABLE} printed it: its chains in order, each with its rules
 * as printed (without the leading {@code -A CHAIN }).
 */
public record SavedTable(Map<String, List<String>> chains) {

    public SavedTable {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        chains.forEach((name, rules) -> copy.put(name, List.copyOf(rules)));
        chains = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses the output of {@code iptables-save -t TABLE}; lines of other tables are ignored. */
    public static SavedTable parse(String text) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(":")) {
                int space = line.indexOf(' ');
                chains.put(space < 0 ? line.substring(1) : line.substring(1, space), new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                int space = line.indexOf(' ', 3);
                String chain = space < 0 ? line.substring(3) : line.substring(3, space);
                chains.computeIfAbsent(chain, c -> new ArrayList<>()).add(space < 0 ? "" : line.substring(space + 1));
            }
        }
        return new SavedTable(chains);
    }

    /** The names of the chains that match, e.g. {@code n -> n.startsWith("TIMONEL-SVC-")}. */
    public List<String> chainNames(Predicate<String> filter) {
        return chains.keySet().stream().filter(filter).toList();
    }

    /** The rules of {@code chain} (empty when it does not exist). */
    public List<String> rules(String chain) {
        return chains.getOrDefault(chain, List.of());
    }

    /** Whether {@code chain} has a rule that contains every one of {@code parts}. */
    public boolean hasRule(String chain, String... parts) {
        return rules(chain).stream().anyMatch(rule -> {
            for (String part : parts) {
                if (!rule.contains(part)) {
                    return false;
                }
            }
            return true;
        });
    }
}
