package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions of an object, as field sets: fields {@code added},
 * {@code modified} (present in both with different values) and {@code removed}.
 *
 * <p>Leaves (scalars, atomic values, empty maps and lists) are compared by value. A map, map
 * entry or list item that appears or disappears as a whole is recorded itself as well as its
 * content — that is where {@code ".": {}} comes from in Update entries.
 *
 * <p>Kubernetes compares typed Go objects, in which some absent fields are present anyway:
 * value structs (published with {@code "default": {}}) as empty objects and required fields as
 * nulls. The comparison reproduces that, so that creating a Deployment records
 * {@code f:spec} without a mark of its own but a new {@code metadata.labels} with one.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

    /** The comparison of {@code before} (may be {@code null}: nothing) with {@code after}. */
    static Comparison of(JsonNode before, JsonNode after, SchemaNode type) {
        Walk w = new Walk();
        w.compare(before, after, type, FieldPath.root());
        return new Comparison(w.added.build(), w.modified.build(), w.removed.build());
    }

    /** Added and modified fields: what a writer of {@code after} has set. */
    FieldSet changed() {
        return added.union(modified);
    }

    private static final class Walk {
        final FieldSet.Builder added = new FieldSet.Builder();
        final FieldSet.Builder modified = new FieldSet.Builder();
        final FieldSet.Builder removed = new FieldSet.Builder();

        void compare(JsonNode l, JsonNode r, SchemaNode type, FieldPath path) {
            if (l == null && r == null) {
                return;
            }
            if (l != null && r != null && Json.same(l, r)) {
                // equal subtrees record nothing; most writes change a few fields of a large object
                return;
            }
            if (isObjectOrNull(l) && isObjectOrNull(r) && (isObject(l) || isObject(r))) {
                if (type.isAtomicMap() || (isEmpty(l) && isEmpty(r))) {
                    leaf(l, r, path);
                    return;
                }
                Set<String> keys = new LinkedHashSet<>();
                if (isObject(l)) {
                    l.fieldNames().forEachRemaining(keys::add);
                }
                if (isObject(r)) {
                    r.fieldNames().forEachRemaining(keys::add);
                }
                for (String k : keys) {
                    SchemaNode child = type.property(k);
                    compare(fieldOf(l, k, type, child), fieldOf(r, k, type, child), child, path.field(k));
                }
                node(l, r, path);
            } else if (isArrayOrNull(l) && isArrayOrNull(r) && (isArray(l) || isArray(r))) {
                if (type.listKind() == SchemaNode.ListKind.ATOMIC || (isEmpty(l) && isEmpty(r))) {
                    leaf(l, r, path);
                    return;
                }
                Map<PathElement, JsonNode> left = itemsOf(l, type);
                Map<PathElement, JsonNode> right = itemsOf(r, type);
                Set<PathElement> elements = new LinkedHashSet<>(left.keySet());
                elements.addAll(right.keySet());
                SchemaNode itemType = type.items();
                for (PathElement pe : elements) {
                    JsonNode li = left.get(pe);
                    JsonNode ri = right.get(pe);
                    FieldPath item = path.child(pe);
                    compare(li, ri, itemType, item);
                }
                node(l, r, path);
            } else {
                leaf(l, r, path);
            }
        }

        /** A map or list node appearing or disappearing as a whole. */
        private void node(JsonNode l, JsonNode r, FieldPath path) {
            if (path.isRoot()) {
                return;
            }
            if (l == null) {
                added.add(path);
            } else if (r == null) {
                removed.add(path);
            }
        }

        private void leaf(JsonNode l, JsonNode r, FieldPath path) {
            if (path.isRoot()) {
                return;
            }
            if (l == null) {
                added.add(path);
            } else if (r == null) {
                removed.add(path);
            } else if (!Json.same(l, r)) {
                modified.add(path);
            }
        }

        /** Field {@code k} of {@code parent}, or what a typed object would hold when absent. */
        private static JsonNode fieldOf(JsonNode parent, String k, SchemaNode parentType, SchemaNode type) {
            if (!isObject(parent)) {
                return null;
            }
            JsonNode v = parent.get(k);
            if (v != null || !parentType.declares(k)) {
                return v;
            }
            if (type.defaultsToEmptyObject()) {
                return Json.object();
            }
            return parentType.requires(k) ? NullNode.getInstance() : null;
        }

        private static Map<PathElement, JsonNode> itemsOf(JsonNode list, SchemaNode type) {
            Map<PathElement, JsonNode> out = new LinkedHashMap<>();
            if (isArray(list)) {
                for (int i = 0; i < list.size(); i++) {
                    out.putIfAbsent(type.elementOf(list.get(i), i), list.get(i));
                }
            }
            return out;
        }

        private static boolean isObject(JsonNode n) {
            return n != null && n.isObject();
        }

        private static boolean isArray(JsonNode n) {
            return n != null && n.isArray();
        }

        private static boolean isObjectOrNull(JsonNode n) {
            return n == null || n.isNull() || n.isObject();
        }

        private static boolean isArrayOrNull(JsonNode n) {
            return n == null || n.isNull() || n.isArray();
        }

        private static boolean isEmpty(JsonNode n) {
            return n == null || n.isNull() || n.isEmpty();
        }
    }
}
