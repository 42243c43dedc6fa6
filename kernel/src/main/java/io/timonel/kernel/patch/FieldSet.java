package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of field paths — what a field manager owns — stored as a tree of
 * {@link PathElement}s. A path is a member when its node is marked; a node with marked
 * descendants but no mark of its own is only a prefix (FieldsV1 writes a mark on such an inner
 * node as {@code ".": {}}).
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(false, Collections.emptyNavigableMap());

    private final boolean member;
    private final NavigableMap<PathElement, FieldSet> children;

    private FieldSet(boolean member, NavigableMap<PathElement, FieldSet> children) {
        this.member = member;
        this.children = children;
    }

    /** The empty set. */
    public static FieldSet empty() {
        return EMPTY;
    }

    /** The set of the given paths; the root path is ignored. */
    public static FieldSet of(Collection<FieldPath> paths) {
        Builder b = new Builder();
        paths.forEach(b::add);
        return b.build();
    }

    public static FieldSet of(FieldPath... paths) {
        return of(List.of(paths));
    }

    /**
     * The fields an applier of {@code object} owns, as Kubernetes computes them: every scalar,
     * every atomic map or list, every item of a set- or map-list, every entry of a map that is
     * not a declared struct field, every empty or null value.
     *
     * @param object the object (or any value); {@code null} has no fields
     * @param schema the type's schema, {@code null} when unknown (maps granular, lists atomic)
     */
    public static FieldSet of(JsonNode object, OpenApiSchema schema) {
        return FieldSetCollector.collect(object, SchemaNode.root(schema));
    }

    /**
     * Parses a {@code fieldsV1} value, e.g. {@code {"f:data":{"f:color":{}}}}.
     *
     * @return the set, or empty when {@code fieldsV1} is not well formed
     */
    public static Optional<FieldSet> fromFieldsV1(JsonNode fieldsV1) {
        if (fieldsV1 == null || !fieldsV1.isObject()) {
            return Optional.empty();
        }
        Builder b = new Builder();
        if (!parseInto(b, fieldsV1)) {
            return Optional.empty();
        }
        b.member = false;
        return Optional.of(b.build());
    }

    private static boolean parseInto(Builder node, JsonNode json) {
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                return false;
            }
            if (e.getKey().equals(".")) {
                node.member = true;
                continue;
            }
            Optional<PathElement> pe = PathElement.parseFieldsV1Key(e.getKey());
            if (pe.isEmpty()) {
                return false;
            }
            Builder child = node.child(pe.get());
            if (e.getValue().isEmpty()) {
                child.member = true;
            } else if (!parseInto(child, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** This set as a {@code fieldsV1} value, keys in Kubernetes' order. */
    public ObjectNode toFieldsV1() {
        ObjectNode out = Json.object();
        writeChildren(out);
        return out;
    }

    private void writeChildren(ObjectNode out) {
        children.forEach((pe, child) -> {
            ObjectNode value = Json.object();
            if (!child.children.isEmpty()) {
                if (child.member) {
                    value.set(".", Json.object());
                }
                child.writeChildren(value);
            }
            out.set(pe.fieldsV1Key(), value);
        });
    }

    public boolean isEmpty() {
        return !member && children.isEmpty();
    }

    /** Whether {@code path} is a member. */
    public boolean contains(FieldPath path) {
        FieldSet node = this;
        for (PathElement pe : path.elements()) {
            node = node.children.get(pe);
            if (node == null) {
                return false;
            }
        }
        return node.member && !path.isRoot();
    }

    /** Every member path, in order. */
    public List<FieldPath> paths() {
        List<FieldPath> out = new ArrayList<>();
        collectPaths(FieldPath.root(), out);
        return out;
    }

    private void collectPaths(FieldPath at, List<FieldPath> out) {
        children.forEach((pe, child) -> {
            FieldPath p = at.child(pe);
            if (child.member) {
                out.add(p);
            }
            child.collectPaths(p, out);
        });
    }

    public FieldSet union(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<PathElement, FieldSet> out = new TreeMap<>(children);
        other.children.forEach((pe, child) -> out.merge(pe, child, FieldSet::union));
        return make(member || other.member, out);
    }

    public FieldSet intersection(FieldSet other) {
        TreeMap<PathElement, FieldSet> out = new TreeMap<>();
        children.forEach((pe, child) -> {
            FieldSet o = other.children.get(pe);
            if (o != null) {
                out.put(pe, child.intersection(o));
            }
        });
        return make(member && other.member, out);
    }

    public FieldSet difference(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        TreeMap<PathElement, FieldSet> out = new TreeMap<>();
        children.forEach((pe, child) -> {
            FieldSet o = other.children.get(pe);
            out.put(pe, o == null ? child : child.difference(o));
        });
        return make(member && !other.member, out);
    }

    /** The elements of the direct children of the root (members or prefixes). */
    Set<PathElement> childElements() {
        return children.keySet();
    }

    /** Whether the direct child {@code pe} is a member. */
    boolean hasMember(PathElement pe) {
        FieldSet child = children.get(pe);
        return child != null && child.member;
    }

    /** The set below {@code pe}, re-rooted there (its root is never a member). */
    FieldSet under(PathElement pe) {
        FieldSet child = children.get(pe);
        if (child == null) {
            return EMPTY;
        }
        return child.member ? make(false, new TreeMap<>(child.children)) : child;
    }

    /** This set with the direct child {@code pe} marked as a member. */
    FieldSet withMember(PathElement pe) {
        FieldSet child = children.get(pe);
        if (child != null && child.member) {
            return this;
        }
        TreeMap<PathElement, FieldSet> out = new TreeMap<>(children);
        out.put(pe, new FieldSet(true, child == null ? Collections.emptyNavigableMap() : child.children));
        return make(member, out);
    }

    /** This set with the subtree at {@code pe} replaced by {@code subtree} (keeping pe's mark). */
    FieldSet withChildren(PathElement pe, FieldSet subtree) {
        FieldSet child = children.get(pe);
        boolean mark = child != null && child.member;
        TreeMap<PathElement, FieldSet> out = new TreeMap<>(children);
        out.put(pe, new FieldSet(mark, subtree.children));
        return make(member, out);
    }

    private static FieldSet make(boolean member, TreeMap<PathElement, FieldSet> children) {
        children.values().removeIf(FieldSet::isEmpty);
        if (!member && children.isEmpty()) {
            return EMPTY;
        }
        return new FieldSet(member, Collections.unmodifiableNavigableMap(children));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && member == other.member && children.equals(other.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(member, children);
    }

    /** The member paths, one per line in FieldsV1-free notation; for test failures and logs. */
    @Override
    public String toString() {
        return paths().toString();
    }

    /** Accumulates paths; {@link #build()} freezes them. */
    static final class Builder {
        private boolean member;
        private final TreeMap<PathElement, Builder> children = new TreeMap<>();

        Builder child(PathElement pe) {
            return children.computeIfAbsent(pe, k -> new Builder());
        }

        void add(FieldPath path) {
            if (path.isRoot()) {
                return;
            }
            Builder node = this;
            for (PathElement pe : path.elements()) {
                node = node.child(pe);
            }
            node.member = true;
        }

        FieldSet build() {
            TreeMap<PathElement, FieldSet> out = new TreeMap<>();
            children.forEach((pe, b) -> out.put(pe, b.build()));
            return make(member, out);
        }
    }
}
