package io.timonel.plugins.netiptables.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's chains as they should be: for the nat and the filter table, each chain of ours with
 * its rules in order (each rule without its {@code -A CHAIN} prefix). Jumps from the built-in
 * chains are not part of it ({@link Hook}).
 */
public record RuleSet(Map<String, List<String>> nat, Map<String, List<String>> filter) {

    public RuleSet {
        nat = Collections.unmodifiableMap(new LinkedHashMap<>(nat));
        filter = Collections.unmodifiableMap(new LinkedHashMap<>(filter));
    }

    /** No chains at all: what is applied before the first sync. */
    public static final RuleSet EMPTY = new RuleSet(Map.of(), Map.of());

    /** The chains of {@code table} ({@code nat} or {@code filter}). */
    public Map<String, List<String>> table(String table) {
        return switch (table) {
            case "nat" -> nat;
            case "filter" -> filter;
            default -> throw new IllegalArgumentException("the proxy has no chains in table " + table);
        };
    }

    /** How many rules there are in all. */
    public int ruleCount() {
        return nat.values().stream().mapToInt(List::size).sum() + filter.values().stream().mapToInt(List::size).sum();
    }
}
