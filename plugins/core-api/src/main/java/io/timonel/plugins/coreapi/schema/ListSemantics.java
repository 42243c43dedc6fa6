package io.timonel.plugins.coreapi.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Kubernetes' merge semantics of one field, as its Go type declares them ({@code +listType},
 * {@code +listMapKey}, {@code patchStrategy}, {@code patchMergeKey}, {@code +structType}), written
 * into the schema as the {@code x-kubernetes-*} extensions strategic merge patch and server-side
 * apply read.
 *
 * @param listType      {@code map}, {@code set}, {@code atomic}, or {@code null}
 * @param listMapKeys   the keys of a {@code map} list, else empty
 * @param patchStrategy {@code merge}, {@code retainKeys}, {@code merge,retainKeys}, or {@code null}
 * @param patchMergeKey the strategic-merge key of a list of objects, or {@code null}
 */
public record ListSemantics(String listType, List<String> listMapKeys, String patchStrategy, String patchMergeKey) {

    /** A list merged by key: {@code patchStrategy=merge}, {@code listType=map} on the same key. */
    public static ListSemantics mergeByKey(String key) {
        return new ListSemantics("map", List.of(key), "merge", key);
    }

    /** A list merged on {@code mergeKey}, identified for apply by several {@code mapKeys}. */
    public static ListSemantics mergeByKeys(String mergeKey, String... mapKeys) {
        return new ListSemantics("map", List.of(mapKeys), "merge", mergeKey);
    }

    /** A list of scalars merged as a set. */
    public static ListSemantics mergeSet() {
        return new ListSemantics("set", List.of(), "merge", null);
    }

    /** A list replaced as a whole. */
    public static ListSemantics atomic() {
        return new ListSemantics("atomic", List.of(), null, null);
    }

    /** Same semantics with another patch strategy (e.g. {@code merge,retainKeys}). */
    public ListSemantics withPatchStrategy(String strategy) {
        return new ListSemantics(listType, listMapKeys, strategy, patchMergeKey);
    }

    /** Only a patch strategy on a non-list field, e.g. DeploymentSpec.strategy's retainKeys. */
    public static ListSemantics patchStrategyOnly(String strategy) {
        return new ListSemantics(null, List.of(), strategy, null);
    }

    /** Writes the extensions into a property schema. */
    void writeTo(ObjectNode property) {
        if (patchMergeKey != null) {
            property.put("x-kubernetes-patch-merge-key", patchMergeKey);
        }
        if (patchStrategy != null) {
            property.put("x-kubernetes-patch-strategy", patchStrategy);
        }
        if (listType != null) {
            property.put("x-kubernetes-list-type", listType);
        }
        if (!listMapKeys.isEmpty()) {
            listMapKeys.forEach(property.putArray("x-kubernetes-list-map-keys")::add);
        }
    }
}
