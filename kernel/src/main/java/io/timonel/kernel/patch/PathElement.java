package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One step of a path into an object, as Kubernetes' field sets write it: a field of a map, an
 * item of a map-list identified by its key fields, an item of a set identified by its value, or
 * an item of a list by position. Values are immutable and ordered as Kubernetes orders them
 * (fields, then keys, then values, then indexes).
 */
public sealed interface PathElement extends Comparable<PathElement> {

    /** The key of this element in FieldsV1 JSON, e.g. {@code f:image} or {@code k:{"name":"main"}}. */
    String fieldsV1Key();

    /** A field of a map: {@code f:<name>} in FieldsV1, {@code .<name>} in a path. */
    record Field(String name) implements PathElement {
        public Field {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String fieldsV1Key() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /**
     * An item of a map-list (e.g. a container) identified by its key fields, sorted by name:
     * {@code k:{"name":"main"}} in FieldsV1, {@code [name="main"]} in a path.
     */
    record Key(SortedMap<String, JsonNode> fields) implements PathElement {
        public Key {
            TreeMap<String, JsonNode> copy = new TreeMap<>();
            fields.forEach((k, v) -> copy.put(k, Json.canonical(v)));
            fields = Collections.unmodifiableSortedMap(copy);
        }

        /** A key of one field. */
        public static Key of(String field, JsonNode value) {
            TreeMap<String, JsonNode> m = new TreeMap<>();
            m.put(field, value);
            return new Key(m);
        }

        @Override
        public String fieldsV1Key() {
            return FieldsV1Keys.TEXTS.get(this, k -> {
                ObjectNode o = Json.object();
                fields.forEach(o::set);
                return "k:" + Json.compact(o);
            });
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(Json.compact(v)));
            return sb.append(']').toString();
        }
    }

    /** An item of a set-list identified by its value: {@code v:"x"} in FieldsV1, {@code [="x"]} in a path. */
    record Value(JsonNode value) implements PathElement {
        public Value {
            value = Json.canonical(Objects.requireNonNull(value, "value"));
        }

        @Override
        public String fieldsV1Key() {
            return FieldsV1Keys.TEXTS.get(this, v -> "v:" + Json.compact(value));
        }

        @Override
        public String toString() {
            return "[=" + Json.compact(value) + "]";
        }
    }

    /** An item of a list by position: {@code i:0} in FieldsV1, {@code [0]} in a path. */
    record Index(int index) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /**
     * Parses a FieldsV1 key ({@code f:}, {@code k:}, {@code v:} or {@code i:}).
     *
     * @return the element, or empty when {@code key} is not one
     */
    static Optional<PathElement> parseFieldsV1Key(String key) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            return Optional.empty();
        }
        char kind = key.charAt(0);
        if (kind == 'k' || kind == 'v') {
            return FieldsV1Keys.PARSED.get(key, PathElement::parseKeyOrValue);
        }
        return parseKeyOrValue(key);
    }

    private static Optional<PathElement> parseKeyOrValue(String key) {
        String rest = key.substring(2);
        switch (key.charAt(0)) {
            case 'f':
                return Optional.of(new Field(rest));
            case 'k': {
                JsonNode fields = Json.parse(rest);
                if (fields == null || !fields.isObject() || fields.isEmpty()) {
                    return Optional.empty();
                }
                TreeMap<String, JsonNode> m = new TreeMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), e.getValue());
                }
                return Optional.of(new Key(m));
            }
            case 'v': {
                JsonNode value = Json.parse(rest);
                return value == null ? Optional.empty() : Optional.of(new Value(value));
            }
            case 'i':
                try {
                    return Optional.of(new Index(Integer.parseInt(rest)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            default:
                return Optional.empty();
        }
    }

    @Override
    default int compareTo(PathElement other) {
        int byKind = Integer.compare(kindRank(this), kindRank(other));
        if (byKind != 0) {
            return byKind;
        }
        if (this instanceof Field a && other instanceof Field b) {
            return a.name().compareTo(b.name());
        }
        if (this instanceof Key a && other instanceof Key b) {
            return compareKeys(a.fields(), b.fields());
        }
        if (this instanceof Value a && other instanceof Value b) {
            return Json.compare(a.value(), b.value());
        }
        return Integer.compare(((Index) this).index(), ((Index) other).index());
    }

    private static int kindRank(PathElement e) {
        if (e instanceof Field) {
            return 0;
        }
        if (e instanceof Key) {
            return 1;
        }
        return e instanceof Value ? 2 : 3;
    }

    private static int compareKeys(SortedMap<String, JsonNode> a, SortedMap<String, JsonNode> b) {
        Iterator<Map.Entry<String, JsonNode>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<String, JsonNode>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, JsonNode> ea = ia.next();
            Map.Entry<String, JsonNode> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = Json.compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }
}
