package io.timonel.plugins.netiptables.proxy.nft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one service port contributes to the table: chains of its own with their rules, elements
 * in the shared maps and sets, and the affinity sets it needs. Equal ports with equal slots give
 * equal pieces, which is what makes syncs incremental.
 *
 * @param chains       its chains ({@code svc-…}, {@code svl-…}, {@code ext-…}, affinity {@code aep-…}), each with
 *                     its rules (the text after {@code add rule ip timonel CHAIN})
 * @param elements     per map or set ({@link NftRules#SERVICE_IPS}, {@link NftRules#SERVICE_NODEPORTS},
 *                     {@link NftRules#NO_ENDPOINT_SERVICES}, {@link NftRules#NO_ENDPOINT_NODEPORTS},
 *                     {@code endpoints-N}, {@link NftRules#HAIRPIN}): key → value ({@code ""} for a set element)
 * @param affinitySets the dynamic sets of its endpoints under sessionAffinity ClientIP, name → timeout seconds
 */
public record NftServiceRules(Map<String, List<String>> chains, Map<String, Map<String, String>> elements,
                              Map<String, Integer> affinitySets) {

    public NftServiceRules {
        chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        elements.forEach((map, entries) -> copy.put(map, Collections.unmodifiableMap(new LinkedHashMap<>(entries))));
        elements = Collections.unmodifiableMap(copy);
        affinitySets = Collections.unmodifiableMap(new LinkedHashMap<>(affinitySets));
    }

    /** Its elements of {@code map} (empty when none). */
    public Map<String, String> elements(String map) {
        return elements.getOrDefault(map, Map.of());
    }

    /** The maps and sets it has elements in. */
    public Set<String> maps() {
        return elements.keySet();
    }
}
