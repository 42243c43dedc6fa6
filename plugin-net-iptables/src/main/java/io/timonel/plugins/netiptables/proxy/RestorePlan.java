package io.timonel.plugins.netiptables.proxy;

import io.timonel.plugins.netiptables.iptables.SavedTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code iptables-restore --noflush} transaction of the proxy: per table, the chains to
 * (re)write, the chains to delete, and jumps from built-in chains to add or remove. Only the
 * chains named here are touched: every other chain, ours or not, keeps its rules.
 */
public final class RestorePlan {
    private static final List<String> TABLES = List.of("nat", "filter");

    private final Map<String, Map<String, List<String>>> rewrite = new LinkedHashMap<>();
    private final Map<String, Set<String>> delete = new LinkedHashMap<>();
    private final Map<String, List<String>> hookLines = new LinkedHashMap<>();

    private RestorePlan() {
        for (String table : TABLES) {
            rewrite.put(table, new LinkedHashMap<>());
            delete.put(table, new LinkedHashSet<>());
            hookLines.put(table, new ArrayList<>());
        }
    }

    /**
     * The changes from {@code applied} (what the last successful transaction left) to
     * {@code desired}: chains that are new or whose rules differ are rewritten, chains no longer
     * wanted are deleted, unchanged ones are not mentioned.
     */
    public static RestorePlan between(RuleSet applied, RuleSet desired) {
        RestorePlan plan = new RestorePlan();
        for (String table : TABLES) {
            Map<String, List<String>> before = applied.table(table);
            Map<String, List<String>> after = desired.table(table);
            after.forEach((chain, rules) -> {
                List<String> old = before.get(chain);
                if (old != rules && !Objects.equals(old, rules)) {
                    plan.rewrite.get(table).put(chain, rules);
                }
            });
            for (String chain : before.keySet()) {
                if (!after.containsKey(chain)) {
                    plan.delete.get(table).add(chain);
                }
            }
        }
        return plan;
    }

    /**
     * A full sync: every desired chain rewritten, every chain of the proxy's found in the tables
     * but not desired deleted (leftovers of an earlier run), and the hooks that are missing added.
     *
     * @param nat    the nat table as it is now
     * @param filter the filter table as it is now
     */
    public static RestorePlan full(RuleSet desired, SavedTable nat, SavedTable filter) {
        RestorePlan plan = new RestorePlan();
        for (String table : TABLES) {
            SavedTable saved = table.equals("nat") ? nat : filter;
            Map<String, List<String>> after = desired.table(table);
            plan.rewrite.get(table).putAll(after);
            for (String chain : saved.chainNames(ChainNames::owned)) {
                if (!after.containsKey(chain)) {
                    plan.delete.get(table).add(chain);
                }
            }
            for (Hook hook : Hook.ALL) {
                if (hook.table().equals(table) && !saved.hasRule(hook.chain(), "-j " + hook.target())) {
                    plan.hookLines.get(table).add(hook.addLine());
                }
            }
        }
        return plan;
    }

    /** Removes all that the proxy put in these tables: its hooks (as found) and its chains. */
    public static RestorePlan removal(SavedTable nat, SavedTable filter) {
        RestorePlan plan = new RestorePlan();
        for (String table : TABLES) {
            SavedTable saved = table.equals("nat") ? nat : filter;
            plan.delete.get(table).addAll(saved.chainNames(ChainNames::owned));
            for (Hook hook : Hook.ALL) {
                if (hook.table().equals(table)) {
                    for (String rule : saved.rules(hook.chain())) {
                        if (rule.endsWith("-j " + hook.target())) {
                            plan.hookLines.get(table).add("-D " + hook.chain() + " " + rule);
                        }
                    }
                }
            }
        }
        return plan;
    }

    /** Whether it changes nothing. */
    public boolean isEmpty() {
        return TABLES.stream().allMatch(t -> rewrite.get(t).isEmpty() && delete.get(t).isEmpty()
                && hookLines.get(t).isEmpty());
    }

    /** The chains it rewrites, over both tables. */
    public int rewrittenChains() {
        return rewrite.values().stream().mapToInt(Map::size).sum();
    }

    /** The chains it deletes, over both tables. */
    public int deletedChains() {
        return delete.values().stream().mapToInt(Set::size).sum();
    }

    /** The chains it rewrites in {@code table}. */
    public Collection<String> rewritten(String table) {
        return rewrite.get(table).keySet();
    }

    /** The chains it deletes in {@code table}. */
    public Collection<String> deleted(String table) {
        return delete.get(table);
    }

    /**
     * The rules text: per table that changes, {@code :CHAIN} for every chain rewritten or deleted
     * (which creates or flushes it), hook removals, the rewritten chains' rules, hook additions
     * (after their target exists), then {@code -X} for the deleted chains (empty and no longer
     * referenced by then).
     */
    public String text() {
        int size = 64;
        for (Map<String, List<String>> chains : rewrite.values()) {
            for (List<String> rules : chains.values()) {
                size += 40 + rules.size() * 110;
            }
        }
        StringBuilder out = new StringBuilder(size);
        for (String table : TABLES) {
            Map<String, List<String>> chains = rewrite.get(table);
            Set<String> gone = delete.get(table);
            List<String> hooks = hookLines.get(table);
            if (chains.isEmpty() && gone.isEmpty() && hooks.isEmpty()) {
                continue;
            }
            out.append('*').append(table).append('\n');
            for (String chain : chains.keySet()) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            for (String chain : gone) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            for (String line : hooks) {
                if (line.startsWith("-D ")) {
                    out.append(line).append('\n');
                }
            }
            chains.forEach((chain, rules) -> {
                for (String rule : rules) {
                    out.append("-A ").append(chain).append(' ').append(rule).append('\n');
                }
            });
            for (String line : hooks) {
                if (!line.startsWith("-D ")) {
                    out.append(line).append('\n');
                }
            }
            for (String chain : gone) {
                out.append("-X ").append(chain).append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }
}
