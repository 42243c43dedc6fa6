package io.timonel.plugins.netiptables.proxy.nft;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.proxy.DataPlane;
import io.timonel.plugins.netiptables.proxy.ProxySync;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The nftables data plane's sync engine: brings the table {@code ip timonel} to what a list of
 * service ports asks for, in one {@code nft -f} transaction per sync.
 *
 * <ul>
 *   <li>The first sync, and the one after a failure, recreates the table: {@code add table},
 *       {@code delete table}, then everything — leftovers of any earlier run vanish with it.</li>
 *   <li>A later full sync flushes every chain and map it knows and writes everything again,
 *       keeping the affinity sets (their clients stay on their endpoints).</li>
 *   <li>An incremental sync compares each port with what was applied for it: only its changed
 *       map elements are deleted and added, and only its changed chains are created, rewritten or
 *       deleted. An unchanged port costs one equality check.</li>
 * </ul>
 *
 * <p>Two ports claiming the same external address and port (or node port): the first in the
 * ports' order keeps it; if it lets it go, the other gets it at the next full sync.
 *
 * <p>Not thread-safe: one thread syncs.
 */
public final class NftSync implements DataPlane {
    private final Nft nft;
    private final NftRules rules;
    private final IptablesForwardAccept forward;
    private final LongSupplier ticker;
    private final EndpointSlots slots = new EndpointSlots();
    private Map<String, Memo> memo = new HashMap<>();
    /** Who holds each element of the shared maps: {@code map + ' ' + key} → port key. */
    private final Map<String, String> owners = new HashMap<>();
    /** How many ports want each hairpin element. */
    private final Map<String, Integer> hairpin = new HashMap<>();
    /** The endpoint shard maps and class maps declared in the table. */
    private final Set<String> dynamicMaps = new HashSet<>();
    /** The class maps whose balancing rules are in the services chain. */
    private final Set<String> ruledClasses = new HashSet<>();
    private int ruleCount;
    private boolean needsRecreate = true;
    private String lastScript = "";

    /** A port as last generated, under its key (computed once). */
    private record Memo(String key, ServicePort port, NftServiceRules rules) {
    }

    private static final NftServiceRules NONE = new NftServiceRules(Map.of(), Map.of(), Map.of());

    /**
     * @param nft     where the table is written
     * @param rules   the generation
     * @param forward the iptables FORWARD accept kept beside the table, checked at each full sync; null: none
     * @param ticker  nanoseconds, for the timings in the outcome
     */
    public NftSync(Nft nft, NftRules rules, IptablesForwardAccept forward, LongSupplier ticker) {
        this.nft = nft;
        this.rules = rules;
        this.forward = forward;
        this.ticker = ticker;
    }

    @Override
    public ProxySync.Outcome sync(List<ServicePort> ports, boolean full) {
        long start = ticker.getAsLong();
        Map<String, Memo> next = new HashMap<>(ports.size() * 2);
        List<Memo> ordered = new ArrayList<>(ports.size());
        for (ServicePort port : ports) {
            String key = port.key();
            Memo known = memo.get(key);
            Memo current = known != null && (known.port() == port || known.port().equals(port)) ? known
                    : new Memo(key, port, rules.forPort(port, slots::slot));
            if (next.putIfAbsent(key, current) == null) {
                ordered.add(current);
            }
        }
        boolean recreate = needsRecreate;
        boolean doFull = full || recreate;
        int rulesBefore = ruleCount;
        NftScript script = doFull ? full(ordered, next, recreate) : incremental(ordered, next);
        long generated = ticker.getAsLong();
        String forwardError = null;
        if (doFull && forward != null) {
            forwardError = forward.ensure();
        }
        String text = script.isEmpty() ? "" : script.text();
        lastScript = text;
        if (!text.isEmpty()) {
            Nft.Result result = nft.apply(text);
            if (!result.ok()) {
                needsRecreate = true;
                ruleCount = rulesBefore;
                return new ProxySync.Outcome(false, doFull, 0, 0, ruleCount, generated - start,
                        ticker.getAsLong() - generated, "nft failed: " + result.output());
            }
        }
        for (Memo old : memo.values()) {
            if (old.rules().chains().isEmpty()) {
                continue;
            }
            Memo now = next.get(old.key());
            for (String chain : old.rules().chains().keySet()) {
                if (now == null || !now.rules().chains().containsKey(chain)) {
                    slots.release(chain);
                }
            }
        }
        memo = next;
        needsRecreate = false;
        long end = ticker.getAsLong();
        return new ProxySync.Outcome(forwardError == null, doFull, script.rewrittenChains(), script.deletedChains(),
                ruleCount, generated - start, end - generated,
                forwardError == null ? null : "the table is synced but " + forwardError);
    }

    /** Everything written again: into a recreated table, or into the flushed one. */
    private NftScript full(List<Memo> ordered, Map<String, Memo> next, boolean recreate) {
        NftScript script = new NftScript();
        script.open("add table " + NftRules.TABLE);
        List<String> base = rules.base();
        if (recreate) {
            script.open("delete table " + NftRules.TABLE);
            dynamicMaps.clear();
            base.forEach(script::open);
        } else {
            // chain by chain rather than "flush table", which makes nft read back and decode every rule
            base.stream().filter(line -> !line.startsWith("add rule ")).forEach(script::open);
            for (String chain : NftRules.fixedChains()) {
                script.open("flush chain " + NftRules.TABLE + " " + chain);
            }
            for (Memo old : memo.values()) {
                for (String chain : old.rules().chains().keySet()) {
                    script.open("flush chain " + NftRules.TABLE + " " + chain);
                }
            }
            base.stream().filter(line -> line.startsWith("add rule ")).forEach(script::open);
            for (String set : NftRules.fixedSets()) {
                script.open((NftRules.isSet(set) ? "flush set " : "flush map ") + NftRules.TABLE + " " + set);
            }
            for (String map : dynamicMaps) {
                script.open("flush map " + NftRules.TABLE + " " + map);
            }
            // what the last sync had and this one does not: emptied above, so deletable
            for (Memo old : memo.values()) {
                Memo now = next.get(old.key());
                NftServiceRules kept = now == null ? NONE : now.rules();
                old.rules().chains().keySet().stream().filter(c -> !kept.chains().containsKey(c))
                        .forEach(script::deleteChain);
                old.rules().affinitySets().keySet().stream().filter(s -> !kept.affinitySets().containsKey(s))
                        .forEach(script::deleteSet);
            }
        }
        ruledClasses.clear();
        owners.clear();
        hairpin.clear();
        ruleCount = 0;
        for (Memo m : ordered) {
            NftServiceRules piece = m.rules();
            ruleCount += rules(piece);
            declareSets(script, piece);
            piece.chains().forEach(script::addChain);
            for (String map : piece.maps()) {
                piece.elements(map).forEach((key, value) -> add(script, m.key(), map, key, value));
            }
        }
        return script;
    }

    /** Only what changed, port by port. */
    private NftScript incremental(List<Memo> ordered, Map<String, Memo> next) {
        NftScript script = new NftScript();
        int kept = 0;
        for (Memo after : ordered) {
            Memo before = memo.get(after.key());
            if (before != null) {
                kept++;
            }
            if (before != after) {
                change(script, after.key(), before == null ? NONE : before.rules(), after.rules());
            }
        }
        if (kept < memo.size()) {
            for (Memo before : memo.values()) {
                if (!next.containsKey(before.key())) {
                    change(script, before.key(), before.rules(), NONE);
                }
            }
        }
        return script;
    }

    private static int rules(NftServiceRules piece) {
        int n = 0;
        for (List<String> chainRules : piece.chains().values()) {
            n += chainRules.size();
        }
        return n;
    }

    /** One port's change, from {@code old} to {@code now} (either may be {@link #NONE}). */
    private void change(NftScript script, String key, NftServiceRules old, NftServiceRules now) {
        ruleCount += rules(now) - rules(old);
        declareSets(script, now);
        Set<String> maps = new LinkedHashSet<>(old.maps());
        maps.addAll(now.maps());
        for (String map : maps) {
            Map<String, String> was = old.elements(map);
            Map<String, String> is = now.elements(map);
            was.forEach((k, v) -> {
                if (!v.equals(is.get(k))) {
                    remove(script, key, map, k);
                }
            });
            is.forEach((k, v) -> {
                if (!v.equals(was.get(k))) {
                    add(script, key, map, k, v);
                }
            });
        }
        now.chains().forEach((chain, chainRules) -> {
            List<String> previous = old.chains().get(chain);
            if (previous == null) {
                script.addChain(chain, chainRules);
            } else if (!previous.equals(chainRules)) {
                script.rewriteChain(chain, chainRules);
            }
        });
        old.chains().keySet().stream().filter(c -> !now.chains().containsKey(c)).forEach(script::deleteChain);
        old.affinitySets().keySet().stream().filter(s -> !now.affinitySets().containsKey(s))
                .forEach(script::deleteSet);
    }

    private void declareSets(NftScript script, NftServiceRules piece) {
        for (String map : piece.maps()) {
            if (NftRules.isShard(map) && dynamicMaps.add(map)) {
                script.declare(NftRules.declareEndpointMap(map));
            } else if (NftRules.isClass(map)) {
                if (dynamicMaps.add(map)) {
                    script.declare(NftRules.declareClass(map));
                }
                if (ruledClasses.add(map)) {
                    script.appendRules(NftRules.SERVICES, rules.classRules(map));
                }
            }
        }
        piece.affinitySets().forEach((set, timeout) -> script.declare(NftRules.declareAffinitySet(set, timeout)));
    }

    private void add(NftScript script, String port, String map, String key, String value) {
        if (map.equals(NftRules.HAIRPIN)) {
            if (hairpin.merge(key, 1, Integer::sum) == 1) {
                script.addElement(map, key, value);
            }
            return;
        }
        String id = map + ' ' + key;
        String owner = owners.putIfAbsent(id, port);
        if (owner == null || owner.equals(port)) {
            script.addElement(map, key, value);
        }
    }

    private void remove(NftScript script, String port, String map, String key) {
        if (map.equals(NftRules.HAIRPIN)) {
            Integer left = hairpin.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
            if (left == null) {
                script.deleteElement(map, key);
            }
            return;
        }
        String id = map + ' ' + key;
        if (Objects.equals(owners.get(id), port)) {
            owners.remove(id);
            script.deleteElement(map, key);
        }
    }

    /** The text of the last transaction tried ({@code ""} when a sync changed nothing): benchmarks replay it. */
    public String lastScript() {
        return lastScript;
    }

    @Override
    public Cleanup removeAll() {
        Nft.Result table = nft.apply("add table " + NftRules.TABLE + "\ndelete table " + NftRules.TABLE + "\n");
        IptablesRestore.Result iptables = forward == null ? new IptablesRestore.Result(true, "") : forward.remove();
        memo = new HashMap<>();
        owners.clear();
        hairpin.clear();
        dynamicMaps.clear();
        ruledClasses.clear();
        slots.clear();
        needsRecreate = true;
        if (!table.ok()) {
            return new Cleanup(false, "nft: " + table.output());
        }
        return iptables.ok() ? new Cleanup(true, "") : new Cleanup(false, "iptables: " + iptables.output());
    }
}
