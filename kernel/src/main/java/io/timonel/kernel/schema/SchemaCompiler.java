package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles an {@link OpenApiSchema} into {@link SchemaNode}s. Each component is compiled once;
 * a {@code $ref} (alone, or as the single member of an {@code allOf}, Kubernetes' way of giving a
 * reference a description) becomes the referenced node itself, so recursive schemas compile
 * into cycles rather than infinite trees. Unresolvable references compile to "anything".
 */
final class SchemaCompiler {
    private static final String REF_PREFIX = "#/components/schemas/";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    private final Map<String, JsonNode> components;
    private final Map<String, SchemaNode> compiled = new HashMap<>();
    private final List<SchemaNode> all = new ArrayList<>();

    private SchemaCompiler(Map<String, JsonNode> components) {
        this.components = components;
    }

    /** The compiled root of the schema. */
    static SchemaNode compile(OpenApiSchema schema) {
        SchemaCompiler compiler = new SchemaCompiler(schema.components());
        SchemaNode root = compiler.component(schema.root());
        compiler.finish();
        return root;
    }

    /** Compiles a lone schema whose references point into {@code components}. */
    static SchemaNode compile(JsonNode schema, Map<String, JsonNode> components) {
        SchemaCompiler compiler = new SchemaCompiler(components);
        SchemaNode node = compiler.node(schema);
        compiler.finish();
        return node;
    }

    private SchemaNode component(String name) {
        SchemaNode node = compiled.get(name);
        if (node != null) {
            return node;
        }
        node = new SchemaNode();
        compiled.put(name, node);
        JsonNode schema = components.get(name);
        if (schema != null) {
            fill(node, schema);
        }
        if (name.equals(QUANTITY)) {
            node.numberOrString = true;
        } else if (name.equals(INT_OR_STRING)) {
            node.intOrString = true;
        } else if (name.equals(OBJECT_META)) {
            node.objectMeta = true;
        }
        return node;
    }

    private SchemaNode node(JsonNode schema) {
        String ref = reference(schema);
        if (ref != null) {
            return ref.startsWith(REF_PREFIX) ? component(ref.substring(REF_PREFIX.length()))
                    : ref.startsWith("#/definitions/") ? component(ref.substring("#/definitions/".length()))
                    : newNode();
        }
        SchemaNode node = newNode();
        fill(node, schema);
        return node;
    }

    private SchemaNode newNode() {
        SchemaNode node = new SchemaNode();
        all.add(node);
        return node;
    }

    /** The reference a schema stands for, or null when it has its own content. */
    private static String reference(JsonNode schema) {
        if (schema.has("$ref")) {
            return schema.get("$ref").asText();
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref") && !schema.has("type")
                && !schema.has("properties") && !schema.has("items") && !schema.has("additionalProperties")) {
            return allOf.get(0).get("$ref").asText();
        }
        return null;
    }

    private void fill(SchemaNode n, JsonNode s) {
        all.add(n);
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            n.type = type.asText();
        }
        n.nullable = s.path("nullable").asBoolean(false);
        n.defaultValue = s.has("default") ? s.get("default") : null;
        n.format = s.has("format") ? s.get("format").asText() : null;
        n.intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(n.format);
        n.preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        n.embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        JsonNode properties = s.get("properties");
        if (properties != null && properties.isObject()) {
            Map<String, SchemaNode> props = new LinkedHashMap<>();
            properties.fields().forEachRemaining(e -> props.put(e.getKey(), node(e.getValue())));
            n.properties = props;
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null) {
            if (additional.isBoolean()) {
                n.additionalPropertiesAllowed = additional.asBoolean();
                n.additionalPropertiesForbidden = !additional.asBoolean();
            } else if (additional.isObject()) {
                n.additionalProperties = node(additional);
            }
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            n.items = node(items);
        } else if (items != null && items.isArray() && items.size() > 0) {
            n.items = node(items.get(0));
        }
        n.allOf = nodes(s.get("allOf"));
        n.anyOf = nodes(s.get("anyOf"));
        n.oneOf = nodes(s.get("oneOf"));
        if (s.has("not") && s.get("not").isObject()) {
            n.not = node(s.get("not"));
        }
        JsonNode required = s.get("required");
        if (required != null && required.isArray()) {
            List<String> names = new ArrayList<>();
            required.forEach(r -> names.add(r.asText()));
            n.required = List.copyOf(names);
        }
        JsonNode enumValues = s.get("enum");
        if (enumValues != null && enumValues.isArray()) {
            List<JsonNode> values = new ArrayList<>();
            enumValues.forEach(values::add);
            n.enumValues = List.copyOf(values);
        }
        if (s.has("pattern")) {
            n.patternSource = s.get("pattern").asText();
            try {
                n.pattern = Pattern.compile(n.patternSource);
            } catch (PatternSyntaxException e) {
                // A pattern Java cannot read is not enforced rather than rejecting every object.
                n.pattern = null;
            }
        }
        n.minimum = decimal(s.get("minimum"));
        n.maximum = decimal(s.get("maximum"));
        n.exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
        n.exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
        n.multipleOf = decimal(s.get("multipleOf"));
        n.minLength = integer(s.get("minLength"));
        n.maxLength = integer(s.get("maxLength"));
        n.minItems = integer(s.get("minItems"));
        n.maxItems = integer(s.get("maxItems"));
        n.minProperties = integer(s.get("minProperties"));
        n.maxProperties = integer(s.get("maxProperties"));
        n.uniqueItems = s.path("uniqueItems").asBoolean(false);
        n.listType = s.has("x-kubernetes-list-type") ? s.get("x-kubernetes-list-type").asText() : null;
        JsonNode keys = s.get("x-kubernetes-list-map-keys");
        if (keys != null && keys.isArray()) {
            List<String> names = new ArrayList<>();
            keys.forEach(k -> names.add(k.asText()));
            n.listMapKeys = List.copyOf(names);
        }
        if (n.anyOf.size() == 2 && n.type == null && isIntegerAndString(n.anyOf)) {
            n.intOrString = true;
        }
    }

    private static boolean isIntegerAndString(List<SchemaNode> branches) {
        Set<String> types = new LinkedHashSet<>();
        branches.forEach(b -> types.add(b.type));
        return types.equals(Set.of("integer", "string"));
    }

    private List<SchemaNode> nodes(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            return List.of();
        }
        List<SchemaNode> nodes = new ArrayList<>();
        list.forEach(s -> nodes.add(node(s)));
        return List.copyOf(nodes);
    }

    /** Computes what depends on the whole graph, once every node is filled. */
    private void finish() {
        for (SchemaNode n : all) {
            Set<String> known = new LinkedHashSet<>();
            collectProperties(n, known, new java.util.IdentityHashMap<>());
            n.knownProperties = Set.copyOf(known);
        }
        Map<SchemaNode, Boolean> memo = new java.util.IdentityHashMap<>();
        for (SchemaNode n : all) {
            n.defaultsBelow = hasDefaults(n, memo);
        }
    }

    private static void collectProperties(SchemaNode n, Set<String> known, Map<SchemaNode, Boolean> seen) {
        if (seen.put(n, Boolean.TRUE) != null) {
            return;
        }
        if (n.properties != null) {
            known.addAll(n.properties.keySet());
        }
        for (SchemaNode branch : n.allOf) {
            collectProperties(branch, known, seen);
        }
    }

    /**
     * Whether a property, item or additional property somewhere below {@code n} declares a
     * default. Memoized, so linear in the graph; a cycle counts as "no defaults" on its way round.
     */
    private static boolean hasDefaults(SchemaNode n, Map<SchemaNode, Boolean> memo) {
        if (n == null) {
            return false;
        }
        Boolean known = memo.get(n);
        if (known != null) {
            return known;
        }
        memo.put(n, Boolean.FALSE);
        boolean found = false;
        if (n.properties != null) {
            for (SchemaNode p : n.properties.values()) {
                found |= p.defaultValue != null | hasDefaults(p, memo);
            }
        }
        found |= hasDefaults(n.additionalProperties, memo);
        found |= hasDefaults(n.items, memo);
        memo.put(n, found);
        return found;
    }

    private static BigDecimal decimal(JsonNode value) {
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    private static Long integer(JsonNode value) {
        return value != null && value.isNumber() ? value.asLong() : null;
    }
}
