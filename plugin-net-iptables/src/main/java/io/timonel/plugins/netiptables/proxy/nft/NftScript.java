package io.timonel.plugins.netiptables.proxy.nft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code nft -f} transaction on the table, built up in any order and written in the one order
 * the kernel accepts: opening commands (create, flush or recreate the table, the fixed part), then
 * declarations of maps, sets and chains, element deletions (before the chains they point to go),
 * chain flushes and rules, element additions (after the chains they point to exist), and last the
 * deletion of chains (all emptied, then all deleted) and sets nothing refers to any more. A key both deleted and added ends up
 * added with its new value. The whole text applies entirely or not at all.
 */
final class NftScript {
    private final List<String> opening = new ArrayList<>();
    private final Set<String> declarations = new LinkedHashSet<>();
    private final Map<String, List<String>> deletedElements = new LinkedHashMap<>();
    private final Set<String> flushedChains = new LinkedHashSet<>();
    private final List<String> rules = new ArrayList<>();
    private final Map<String, List<String>> addedElements = new LinkedHashMap<>();
    private final Set<String> deletedChains = new LinkedHashSet<>();
    private final Set<String> deletedSets = new LinkedHashSet<>();
    private int rewritten;

    /** A command that goes first (e.g. {@code add table ip timonel}), in the order given. */
    NftScript open(String command) {
        opening.add(command);
        return this;
    }

    /** An {@code add map|set|chain …} command; the same one twice is written once. */
    NftScript declare(String command) {
        declarations.add(command);
        return this;
    }

    /** A new chain with its rules. */
    NftScript addChain(String chain, List<String> chainRules) {
        declare("add chain " + NftRules.TABLE + " " + chain);
        rewritten++;
        return addRules(chain, chainRules);
    }

    /** An existing chain's rules replaced. */
    NftScript rewriteChain(String chain, List<String> chainRules) {
        flushedChains.add(chain);
        rewritten++;
        return addRules(chain, chainRules);
    }

    /** Rules appended to an existing chain. */
    NftScript appendRules(String chain, List<String> chainRules) {
        return addRules(chain, chainRules);
    }

    private NftScript addRules(String chain, List<String> chainRules) {
        for (String rule : chainRules) {
            rules.add("add rule " + NftRules.TABLE + " " + chain + " " + rule);
        }
        return this;
    }

    /** A chain deleted (its rules go with it). */
    NftScript deleteChain(String chain) {
        deletedChains.add(chain);
        return this;
    }

    /** An affinity set deleted. */
    NftScript deleteSet(String set) {
        deletedSets.add(set);
        return this;
    }

    /** An element of a map or set removed, by key. */
    NftScript deleteElement(String map, String key) {
        deletedElements.computeIfAbsent(map, m -> new ArrayList<>()).add(key);
        return this;
    }

    /** An element added: {@code value} empty for a set. */
    NftScript addElement(String map, String key, String value) {
        addedElements.computeIfAbsent(map, m -> new ArrayList<>()).add(value.isEmpty() ? key : key + " : " + value);
        return this;
    }

    /** Whether it changes nothing. */
    boolean isEmpty() {
        return opening.isEmpty() && declarations.isEmpty() && deletedElements.isEmpty() && flushedChains.isEmpty()
                && rules.isEmpty() && addedElements.isEmpty() && deletedChains.isEmpty() && deletedSets.isEmpty();
    }

    /** Chains created or rewritten. */
    int rewrittenChains() {
        return rewritten;
    }

    /** Chains deleted. */
    int deletedChains() {
        return deletedChains.size();
    }

    /** Rules written. */
    int rules() {
        return rules.size();
    }

    /** The {@code nft -f} text. */
    String text() {
        StringBuilder out = new StringBuilder(64 + rules.size() * 100 + addedElements.size() * 64);
        opening.forEach(line -> out.append(line).append('\n'));
        declarations.forEach(line -> out.append(line).append('\n'));
        deletedElements.forEach((map, keys) -> elements(out, "delete", map, keys));
        flushedChains.forEach(chain -> out.append("flush chain ").append(NftRules.TABLE).append(' ').append(chain)
                .append('\n'));
        rules.forEach(line -> out.append(line).append('\n'));
        addedElements.forEach((map, entries) -> elements(out, "add", map, entries));
        // emptied first: a chain about to go may still jump to another one about to go
        deletedChains.forEach(chain -> out.append("flush chain ").append(NftRules.TABLE).append(' ').append(chain)
                .append('\n'));
        deletedChains.forEach(chain -> out.append("delete chain ").append(NftRules.TABLE).append(' ').append(chain)
                .append('\n'));
        deletedSets.forEach(set -> out.append("delete set ").append(NftRules.TABLE).append(' ').append(set)
                .append('\n'));
        return out.toString();
    }

    private static void elements(StringBuilder out, String verb, String map, List<String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        out.append(verb).append(" element ").append(NftRules.TABLE).append(' ').append(map).append(" { ");
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(entries.get(i));
        }
        out.append(" }\n");
    }
}
