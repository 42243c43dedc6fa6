package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an apply configuration into the live object, as server-side apply does before pruning:
 * maps merge field by field, map- and set-lists merge item by item, atomic values and scalars
 * take the applied value. A {@code null} in the configuration removes the field.
 */
final class ApplyMerge {
    private ApplyMerge() {
    }

    /** The merge of {@code applied} into {@code live} (either may be {@code null}); inputs are not modified. */
    static JsonNode merge(JsonNode live, JsonNode applied, SchemaNode type) {
        if (applied == null) {
            return live == null ? null : live.deepCopy();
        }
        if (live == null || live.isNull()) {
            return withoutNulls(applied);
        }
        if (live.isObject() && applied.isObject() && !type.isAtomicMap()) {
            ObjectNode out = ((ObjectNode) live).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = applied.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    out.remove(e.getKey());
                } else {
                    out.set(e.getKey(), merge(live.get(e.getKey()), e.getValue(), type.property(e.getKey())));
                }
            }
            return out;
        }
        if (live.isArray() && applied.isArray() && type.listKind() != SchemaNode.ListKind.ATOMIC) {
            return mergeList((ArrayNode) live, (ArrayNode) applied, type);
        }
        return withoutNulls(applied);
    }

    /**
     * Merges two keyed lists. Applied items come in the applied order; a live-only item keeps
     * its place before the next item both lists share.
     */
    private static ArrayNode mergeList(ArrayNode live, ArrayNode applied, SchemaNode type) {
        SchemaNode itemType = type.items();
        List<PathElement> liveKeys = keys(live, type);
        List<PathElement> appliedKeys = keys(applied, type);
        Map<PathElement, JsonNode> liveByKey = new LinkedHashMap<>();
        for (int i = 0; i < live.size(); i++) {
            liveByKey.putIfAbsent(liveKeys.get(i), live.get(i));
        }
        Set<PathElement> inApplied = new HashSet<>(appliedKeys);
        Deque<PathElement> sharedInAppliedOrder = new ArrayDeque<>();
        for (PathElement pe : appliedKeys) {
            if (liveByKey.containsKey(pe)) {
                sharedInAppliedOrder.add(pe);
            }
        }
        Set<PathElement> emitted = new HashSet<>();
        ArrayNode out = Json.array();
        int li = 0;
        int ai = 0;
        while (li < live.size() || ai < applied.size()) {
            if (li < live.size()) {
                PathElement pe = liveKeys.get(li);
                if (!inApplied.contains(pe)) {
                    out.add(live.get(li++).deepCopy());
                    continue;
                }
                if (emitted.contains(pe) || !pe.equals(sharedInAppliedOrder.peek())) {
                    // Shared items come out in the applied order, further down.
                    li++;
                    continue;
                }
            }
            if (ai < applied.size()) {
                PathElement pe = appliedKeys.get(ai);
                if (emitted.add(pe)) {
                    out.add(merge(liveByKey.get(pe), applied.get(ai), itemType));
                }
                if (pe.equals(sharedInAppliedOrder.peek())) {
                    sharedInAppliedOrder.poll();
                }
                ai++;
            } else {
                li++;
            }
        }
        return out;
    }

    private static List<PathElement> keys(ArrayNode list, SchemaNode type) {
        List<PathElement> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(type.elementOf(list.get(i), i));
        }
        return out;
    }

    /** A copy of {@code value} without null-valued object fields (absent and null are one in objects). */
    static JsonNode withoutNulls(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = Json.object();
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.array();
            value.forEach(v -> out.add(withoutNulls(v)));
            return out;
        }
        return value.deepCopy();
    }
}
