package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}).
 *
 * <p>Like a JSON merge patch, except where the schema says otherwise: a list whose
 * {@code x-kubernetes-patch-strategy} contains {@code merge} is merged — items with the same
 * {@code x-kubernetes-patch-merge-key} value are merged recursively and new ones are added; a
 * list of scalars becomes the union. A map with strategy {@code replace} is replaced. Everything
 * the schema says nothing about (or all of it when there is no schema) merges as in RFC 7386:
 * lists are replaced whole.
 *
 * <p>Directives understood, as {@code kubectl} writes them:
 * <ul>
 * <li>{@code "$patch": "replace"} in a map replaces the map; as a list item, replaces the list;
 * <li>{@code "$patch": "delete"} in a map empties it; in a list item, deletes the items with
 *     that merge key;
 * <li>{@code "$setElementOrder/<field>": [...]} gives the final order of a merged list;
 * <li>{@code "$deleteFromPrimitiveList/<field>": [...]} removes values from a scalar list;
 * <li>{@code "$retainKeys": [...]} drops every field of the current map not listed, before
 *     merging (used for fields with strategy {@code retainKeys}, e.g. a Deployment's strategy
 *     or a volume's source);
 * <li>{@code null} deletes a field.
 * </ul>
 *
 * <p>The Kubernetes API server serves strategic merge patches only for types it has compiled
 * in; custom resources get 415 Unsupported Media Type. {@link #supports(OpenApiSchema)} tells
 * which case a schema is in.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /**
     * Whether the API server should accept strategic merge patches for a type with this
     * schema. Kubernetes serves them for built-in types only; custom resources (and types
     * without a schema) answer 415. Built-in schemas declare patch strategies (at least on
     * {@code ObjectMeta}), while CustomResourceDefinition schemas cannot, so a schema that
     * declares none describes a custom or unstructured type. The API server should in any case
     * refuse for types it knows come from a CRD.
     *
     * @param schema the type's schema, may be {@code null}
     * @return true when a strategic merge patch should be served
     */
    public static boolean supports(OpenApiSchema schema) {
        if (schema == null || schema.components() == null) {
            return false;
        }
        for (JsonNode component : schema.components().values()) {
            if (component != null && (component.findValue("x-kubernetes-patch-strategy") != null
                    || component.findValue("x-kubernetes-patch-merge-key") != null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @param target the current object; {@code null} is treated as {@code {}}
     * @param patch  the strategic merge patch, a JSON object
     * @param schema the type's schema giving list semantics; {@code null} merges as RFC 7386
     *               with directives honoured and lists replaced whole
     * @return {@link PatchResult.Patched}; {@link PatchResult.Malformed} for a patch that is
     *         not an object or has a malformed directive (400); {@link PatchResult.Invalid}
     *         when the patch cannot apply, e.g. a list item lacks its merge key (422)
     */
    public static PatchResult apply(JsonNode target, JsonNode patch, OpenApiSchema schema) {
        if (patch == null || !patch.isObject()) {
            return new PatchResult.Malformed("strategic merge patch must be a JSON object");
        }
        ObjectNode base = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        try {
            return new PatchResult.Patched(mergeMap(base, (ObjectNode) patch, SchemaNode.root(schema)));
        } catch (Refused refused) {
            return refused.result;
        }
    }

    /** Merges {@code patch} into {@code original} (which may be modified) and returns the result. */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, SchemaNode type) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace": {
                    ObjectNode rest = patch.deepCopy();
                    rest.remove(DIRECTIVE);
                    return mergeMap(Json.object(), rest, type);
                }
                case "delete":
                    return Json.object();
                case "merge":
                    break;
                default:
                    throw malformed("unknown patch type: " + Json.compact(directive) + " in map: " + Json.compact(patch));
            }
        }
        applyRetainKeys(original, patch.get(RETAIN_KEYS));
        Set<String> ordered = applySetElementOrders(original, patch, type);

        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals(DIRECTIVE) || name.equals(RETAIN_KEYS) || name.startsWith(SET_ELEMENT_ORDER)
                    || ordered.contains(name)) {
                continue;
            }
            JsonNode value = patch.get(name);
            if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, name.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
                continue;
            }
            if (value.isNull()) {
                original.remove(name);
                continue;
            }
            original.set(name, mergeValue(original.get(name), value, type.property(name)));
        }
        return original;
    }

    /** The result of patching {@code current} (may be {@code null}) with non-null {@code patch}. */
    private static JsonNode mergeValue(JsonNode current, JsonNode patch, SchemaNode type) {
        if (patch.isObject()) {
            boolean merge = current != null && current.isObject() && !type.replacesMapInPatch();
            return mergeMap(merge ? (ObjectNode) current : Json.object(), (ObjectNode) patch, type);
        }
        if (patch.isArray() && type.mergesListInPatch()) {
            ArrayNode list = current != null && current.isArray() ? (ArrayNode) current : Json.array();
            return mergeList(list, (ArrayNode) patch, type);
        }
        return patch.deepCopy();
    }

    private static void applyRetainKeys(ObjectNode original, JsonNode retainKeys) {
        if (retainKeys == null) {
            return;
        }
        if (!retainKeys.isArray()) {
            throw malformed("invalid patch: $retainKeys must be a list of field names");
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode key : retainKeys) {
            if (!key.isTextual()) {
                throw malformed("invalid patch: $retainKeys must be a list of field names");
            }
            keep.add(key.asText());
        }
        original.retain(keep);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode toDelete) {
        if (!toDelete.isArray()) {
            throw malformed("invalid patch: " + DELETE_FROM_PRIMITIVE_LIST + field + " must be a list");
        }
        JsonNode current = original.get(field);
        if (current == null || !current.isArray()) {
            return;
        }
        ArrayNode kept = Json.array();
        for (JsonNode item : current) {
            if (!containsSame(toDelete, item)) {
                kept.add(item);
            }
        }
        original.set(field, kept);
    }

    /**
     * Merges each list that has a {@code $setElementOrder/<field>} directive and puts it in the
     * given order; returns the fields so handled.
     */
    private static Set<String> applySetElementOrders(ObjectNode original, ObjectNode patch, SchemaNode type) {
        Set<String> handled = new HashSet<>();
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            String field = name.substring(SET_ELEMENT_ORDER.length());
            JsonNode order = patch.get(name);
            if (!order.isArray()) {
                throw malformed("invalid patch: " + name + " must be a list");
            }
            JsonNode patchList = patch.get(field);
            if (patchList != null && !patchList.isArray()) {
                // A null (delete) or a replacement value: nothing to order.
                continue;
            }
            SchemaNode fieldType = type.property(field);
            String mergeKey = fieldType.patchMergeKey();
            Function<JsonNode, JsonNode> identity = identity(mergeKey);
            JsonNode current = original.get(field);
            ArrayNode originalList = current != null && current.isArray() ? (ArrayNode) current : Json.array();
            List<JsonNode> serverOrder = items(originalList);
            ArrayNode merged;
            if (patchList == null) {
                merged = originalList.deepCopy();
            } else {
                checkOrderMatches((ArrayNode) patchList, (ArrayNode) order, identity, name);
                merged = fieldType.mergesListInPatch()
                        ? mergeList(originalList.deepCopy(), (ArrayNode) patchList, fieldType)
                        : (ArrayNode) mergeValue(null, patchList, fieldType);
            }
            List<JsonNode> listed = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            List<JsonNode> orderItems = items((ArrayNode) order);
            for (JsonNode item : merged) {
                (indexOf(orderItems, item, identity) >= 0 ? listed : serverOnly).add(item);
            }
            List<JsonNode> result = normalizeOrder(listed, serverOnly, orderItems, serverOrder, identity);
            if (!result.isEmpty() || current != null) {
                ArrayNode out = Json.array();
                result.forEach(out::add);
                original.set(field, out);
            }
            handled.add(field);
        }
        return handled;
    }

    /** The patch list's items must appear in the {@code $setElementOrder} list, in that order. */
    private static void checkOrderMatches(ArrayNode patchList, ArrayNode order,
                                          Function<JsonNode, JsonNode> identity, String directive) {
        int p = 0;
        int o = 0;
        List<JsonNode> patchItems = new ArrayList<>();
        for (JsonNode item : patchList) {
            if (!(item.isObject() && item.has(DIRECTIVE))) {
                patchItems.add(item);
            }
        }
        while (p < patchItems.size() && o < order.size()) {
            if (Json.same(identity.apply(patchItems.get(p)), identity.apply(order.get(o)))) {
                p++;
            }
            o++;
        }
        if (p < patchItems.size()) {
            throw malformed("the order in patch list " + Json.compact(patchList) + " doesn't match "
                    + directive + " list " + Json.compact(order));
        }
    }

    /** Merges a list whose strategy is {@code merge}; {@code original} may be modified. */
    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, SchemaNode type) {
        String mergeKey = type.patchMergeKey();
        List<JsonNode> current = items(original);
        List<JsonNode> patchItems = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            if (!(item.isObject() && item.has(DIRECTIVE))) {
                patchItems.add(item);
                continue;
            }
            String directive = item.get(DIRECTIVE).asText();
            switch (directive) {
                case "replace":
                    replace = true;
                    break;
                case "delete": {
                    JsonNode key = mergeKey == null ? null : item.get(mergeKey);
                    if (key == null) {
                        throw invalid("delete patch type with no merge key defined: " + Json.compact(item));
                    }
                    current.removeIf(c -> c.isObject() && Json.same(c.get(mergeKey), key));
                    break;
                }
                case "merge":
                    throw malformed("merging lists cannot yet be specified in the patch: " + Json.compact(item));
                default:
                    throw malformed("unknown patch type: " + Json.compact(item.get(DIRECTIVE))
                            + " in list item: " + Json.compact(item));
            }
        }
        SchemaNode itemType = type.items();
        if (replace) {
            ArrayNode out = Json.array();
            patchItems.forEach(item -> out.add(item.isNull() ? item : mergeValue(null, item, itemType)));
            return out;
        }
        boolean objects = patchItems.stream().anyMatch(JsonNode::isObject);
        List<JsonNode> merged = new ArrayList<>(current);
        Function<JsonNode, JsonNode> identity = identity(mergeKey);
        if (!objects && !patchItems.isEmpty()) {
            // A list of scalars: the union, first occurrences kept.
            for (JsonNode item : patchItems) {
                merged.add(item.deepCopy());
            }
            merged = distinct(merged);
        } else if (objects) {
            if (mergeKey == null) {
                throw invalid("cannot merge lists of objects without a merge key: " + Json.compact(patch));
            }
            for (JsonNode item : patchItems) {
                if (!item.isObject() || !item.has(mergeKey)) {
                    throw invalid("map: " + Json.compact(item) + " does not contain declared merge key: " + mergeKey);
                }
                int at = indexOf(merged, item, identity);
                if (at >= 0 && merged.get(at).isObject()) {
                    merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, itemType));
                } else if (at >= 0) {
                    merged.set(at, mergeMap(Json.object(), (ObjectNode) item, itemType));
                } else {
                    merged.add(mergeMap(Json.object(), (ObjectNode) item, itemType));
                }
            }
        }
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(patchItems, item, identity) >= 0 ? fromPatch : serverOnly).add(item);
        }
        ArrayNode out = Json.array();
        normalizeOrder(fromPatch, serverOnly, patchItems, current, identity).forEach(out::add);
        return out;
    }

    /**
     * Orders a merged list: items named by the patch follow the patch's order, the others keep
     * the server's order, and the two runs interleave so that each server-only item stays in
     * front of the patch items it preceded on the server.
     */
    private static List<JsonNode> normalizeOrder(List<JsonNode> patchItems, List<JsonNode> serverOnly,
                                                 List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                                                 Function<JsonNode, JsonNode> identity) {
        List<JsonNode> right = sortedBy(patchItems, patchOrder, identity);
        List<JsonNode> left = sortedBy(serverOnly, serverOrder, identity);
        List<JsonNode> out = new ArrayList<>(left.size() + right.size());
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (j >= right.size()) {
                out.add(left.get(i++));
            } else if (i >= left.size()) {
                out.add(right.get(j++));
            } else {
                int li = indexOf(serverOrder, left.get(i), identity);
                int ri = indexOf(serverOrder, right.get(j), identity);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    /** A stable sort by position in {@code order}; items not in it go last. */
    private static List<JsonNode> sortedBy(List<JsonNode> items, List<JsonNode> order,
                                           Function<JsonNode, JsonNode> identity) {
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(item -> {
            int at = indexOf(order, item, identity);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        return sorted;
    }

    private static Function<JsonNode, JsonNode> identity(String mergeKey) {
        if (mergeKey == null) {
            return Function.identity();
        }
        return item -> item.isObject() ? item.get(mergeKey) : item;
    }

    private static int indexOf(List<JsonNode> list, JsonNode item, Function<JsonNode, JsonNode> identity) {
        JsonNode id = identity.apply(item);
        if (id == null) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            if (Json.same(id, identity.apply(list.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static List<JsonNode> distinct(List<JsonNode> values) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (out.stream().noneMatch(o -> Json.same(o, v))) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean containsSame(JsonNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (Json.same(v, value)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> items(ArrayNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static Refused malformed(String message) {
        return new Refused(new PatchResult.Malformed(message));
    }

    private static Refused invalid(String message) {
        return new Refused(new PatchResult.Invalid(message));
    }

    /**
     * Unwinds the recursion when the patch cannot apply; {@link #apply} turns it back into the
     * result value it carries. Never escapes this class.
     */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient PatchResult result;

        Refused(PatchResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
