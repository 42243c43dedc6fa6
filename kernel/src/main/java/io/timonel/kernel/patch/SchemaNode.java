package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One place in an OpenAPI schema, seen through the questions patches ask: how does a list at
 * this place merge, is a map atomic, which fields are declared. Navigation never fails: where
 * the schema says nothing (no schema at all, an undeclared field, preserved unknown fields) the
 * answer is {@link #UNKNOWN}, which behaves as Kubernetes treats untyped values — maps merge
 * field by field, lists are atomic.
 *
 * <p>Extensions are read from the node as written first and then from the component it refers
 * to, because Kubernetes puts {@code x-kubernetes-patch-*} and {@code default} beside a
 * {@code $ref}/{@code allOf}, not inside the referenced component.
 */
final class SchemaNode {

    /** A place the schema says nothing about. */
    static final SchemaNode UNKNOWN = new SchemaNode(null, null, null);

    /** How a list's items are identified and merged. */
    enum ListKind {
        /** Replaced as a whole; owned as one field. */
        ATOMIC,
        /** Items are scalars identified by their value. */
        SET,
        /** Items are objects identified by their key fields. */
        MAP
    }

    private static final int MAX_REF_DEPTH = 32;

    /**
     * Roots by schema (by identity, weakly): every write navigates its type's schema, and
     * resolving references and reading extensions afresh each time was a hot spot. Nodes are
     * immutable and remember what they have worked out.
     */
    private static final Cache<OpenApiSchema, SchemaNode> ROOTS = Caffeine.newBuilder().weakKeys()
            .maximumSize(10_000).build();

    private final OpenApiSchema schema;
    private final JsonNode raw;
    private final JsonNode resolved;
    /** Declared fields' schemas, by name; bounded by the schema. */
    private final Map<String, SchemaNode> declared = new ConcurrentHashMap<>();
    // Worked out on first use; racy but idempotent (each holds an immutable value).
    private volatile SchemaNode additional;
    private volatile SchemaNode itemsNode;
    private volatile ListKind listKind;
    private volatile List<String> listKeys;
    private volatile Boolean atomicMap;
    private volatile Boolean emptyObjectDefault;

    private SchemaNode(OpenApiSchema schema, JsonNode raw, JsonNode resolved) {
        this.schema = schema;
        this.raw = raw;
        this.resolved = resolved;
    }

    /** The root of {@code schema}, or {@link #UNKNOWN} when there is no schema. */
    static SchemaNode root(OpenApiSchema schema) {
        if (schema == null || schema.components() == null) {
            return UNKNOWN;
        }
        return ROOTS.get(schema, s -> of(s, s.rootSchema()));
    }

    private static SchemaNode of(OpenApiSchema schema, JsonNode node) {
        if (node == null || !node.isObject()) {
            return UNKNOWN;
        }
        JsonNode current = node;
        for (int i = 0; i < MAX_REF_DEPTH; i++) {
            JsonNode next = schema.resolve(current);
            if (next == null) {
                return new SchemaNode(schema, node, null);
            }
            if (next == current) {
                break;
            }
            current = next;
        }
        return new SchemaNode(schema, node, current);
    }

    boolean isUnknown() {
        return resolved == null && raw == null;
    }

    /** The schema of field {@code name} of an object at this place. */
    SchemaNode property(String name) {
        if (resolved == null) {
            return UNKNOWN;
        }
        JsonNode props = resolved.get("properties");
        if (props != null && props.has(name)) {
            return declared.computeIfAbsent(name, n -> of(schema, props.get(n)));
        }
        SchemaNode a = additional;
        if (a == null) {
            JsonNode node = resolved.get("additionalProperties");
            a = node != null && node.isObject() ? of(schema, node) : UNKNOWN;
            additional = a;
        }
        return a;
    }

    /** Whether {@code name} is a declared field (a struct field), not an entry of a map. */
    boolean declares(String name) {
        JsonNode props = resolved == null ? null : resolved.get("properties");
        return props != null && props.has(name);
    }

    /** The schema of the items of a list at this place. */
    SchemaNode items() {
        if (resolved == null) {
            return UNKNOWN;
        }
        SchemaNode i = itemsNode;
        if (i == null) {
            i = of(schema, resolved.get("items"));
            itemsNode = i;
        }
        return i;
    }

    /** The {@code default} of declared field {@code name}, or {@code null}. */
    JsonNode defaultOf(String name) {
        if (resolved == null) {
            return null;
        }
        if (!declares(name)) {
            return null;
        }
        return property(name).extension("default");
    }

    /**
     * Whether a missing value here stands for an empty object: Kubernetes marks struct fields
     * that are never absent on the wire (Go value structs) with {@code "default": {}}.
     */
    boolean defaultsToEmptyObject() {
        Boolean b = emptyObjectDefault;
        if (b == null) {
            JsonNode d = extension("default");
            b = d != null && d.isObject() && d.isEmpty();
            emptyObjectDefault = b;
        }
        return b;
    }

    /** Whether {@code name} is a required field of an object at this place. */
    boolean requires(String name) {
        JsonNode required = resolved == null ? null : resolved.get("required");
        if (required == null || !required.isArray()) {
            return false;
        }
        for (JsonNode r : required) {
            if (name.equals(r.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an object here is owned and replaced as a whole. */
    boolean isAtomicMap() {
        Boolean b = atomicMap;
        if (b == null) {
            JsonNode mapType = extension("x-kubernetes-map-type");
            // A declared scalar receiving an object (e.g. int-or-string) cannot be merged.
            b = mapType != null && "atomic".equals(mapType.asText()) || isScalarType();
            atomicMap = b;
        }
        return b;
    }

    private boolean isScalarType() {
        if (resolved == null) {
            return false;
        }
        if (resolved.has("x-kubernetes-int-or-string")) {
            return true;
        }
        JsonNode type = resolved.get("type");
        if (type == null) {
            return false;
        }
        String t = type.asText();
        return t.equals("string") || t.equals("integer") || t.equals("number") || t.equals("boolean");
    }

    /** The strategies of {@code x-kubernetes-patch-strategy}, e.g. {@code merge, retainKeys}. */
    Set<String> patchStrategies() {
        JsonNode s = extension("x-kubernetes-patch-strategy");
        if (s == null || !s.isTextual() || s.asText().isBlank()) {
            return Set.of();
        }
        return Set.of(s.asText().replace(" ", "").split(","));
    }

    /**
     * The key by which a strategic merge patch matches items of a list here, or {@code null}.
     * As in Kubernetes, only {@code x-kubernetes-patch-merge-key} counts here; list types
     * matter to server-side apply alone.
     */
    String patchMergeKey() {
        JsonNode k = extension("x-kubernetes-patch-merge-key");
        return k != null && k.isTextual() ? k.asText() : null;
    }

    /** Whether a strategic merge patch merges (rather than replaces) a list here. */
    boolean mergesListInPatch() {
        return patchStrategies().contains("merge");
    }

    /** Whether a strategic merge patch replaces an object here rather than merging it. */
    boolean replacesMapInPatch() {
        return patchStrategies().contains("replace");
    }

    /**
     * The list semantics of server-side apply, as Kubernetes derives them: the list type when
     * declared, otherwise a merge patch strategy means a map keyed by the merge key (or a set
     * when there is none), otherwise atomic.
     */
    ListKind listKind() {
        ListKind k = listKind;
        if (k == null) {
            k = workOutListKind();
            listKind = k;
        }
        return k;
    }

    private ListKind workOutListKind() {
        JsonNode listType = extension("x-kubernetes-list-type");
        if (listType != null) {
            switch (listType.asText()) {
                case "set":
                    return ListKind.SET;
                case "map":
                    return declaredListKeys().isEmpty() ? ListKind.ATOMIC : ListKind.MAP;
                default:
                    return ListKind.ATOMIC;
            }
        }
        if (patchStrategies().contains("merge")) {
            JsonNode k = extension("x-kubernetes-patch-merge-key");
            return k != null && k.isTextual() ? ListKind.MAP : ListKind.SET;
        }
        return ListKind.ATOMIC;
    }

    /** The fields identifying an item of a {@link ListKind#MAP} list. */
    List<String> listKeys() {
        List<String> cached = listKeys;
        if (cached == null) {
            List<String> keys = declaredListKeys();
            if (keys.isEmpty()) {
                JsonNode k = extension("x-kubernetes-patch-merge-key");
                keys = k != null && k.isTextual() ? List.of(k.asText()) : List.of();
            }
            cached = List.copyOf(keys);
            listKeys = cached;
        }
        return cached;
    }

    private List<String> declaredListKeys() {
        JsonNode keys = extension("x-kubernetes-list-map-keys");
        List<String> out = new ArrayList<>();
        if (keys != null && keys.isArray()) {
            keys.forEach(k -> out.add(k.asText()));
        }
        return out;
    }

    private JsonNode extension(String name) {
        if (raw != null && raw.has(name)) {
            return raw.get(name);
        }
        if (resolved != null && resolved.has(name)) {
            return resolved.get(name);
        }
        return null;
    }

    /**
     * The path element identifying {@code item}, the {@code index}-th item of a list at this
     * place: its key fields for a map-list (a missing key field takes its schema default, as
     * {@code protocol: TCP} for ports), its value for a set, its position otherwise.
     */
    PathElement elementOf(JsonNode item, int index) {
        switch (listKind()) {
            case SET:
                return new PathElement.Value(item);
            case MAP: {
                if (!item.isObject()) {
                    return new PathElement.Index(index);
                }
                java.util.TreeMap<String, JsonNode> key = new java.util.TreeMap<>();
                SchemaNode itemType = items();
                for (String k : listKeys()) {
                    JsonNode v = item.get(k);
                    if (v == null || v.isNull()) {
                        v = itemType.defaultOf(k);
                    }
                    if (v != null) {
                        key.put(k, v);
                    }
                }
                return key.isEmpty() ? new PathElement.Index(index) : new PathElement.Key(key);
            }
            default:
                return new PathElement.Index(index);
        }
    }

    /** The key fields of a map-list that {@code item} lacks and that have no default. */
    List<String> missingKeys(JsonNode item) {
        List<String> missing = new ArrayList<>();
        if (listKind() != ListKind.MAP) {
            return missing;
        }
        SchemaNode itemType = items();
        for (String k : listKeys()) {
            JsonNode v = item.isObject() ? item.get(k) : null;
            if ((v == null || v.isNull()) && itemType.defaultOf(k) == null) {
                missing.add(k);
            }
        }
        return missing;
    }
}
