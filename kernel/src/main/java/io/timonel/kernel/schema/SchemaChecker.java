package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timonel.kernel.openapi.MetaV1Schemas;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.OpenApiSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks objects against their type's {@link OpenApiSchema}: wrong JSON
 * types, value constraints (as CustomResourceDefinitions declare them), and fields the schema
 * does not know; and prunes unknown fields as Kubernetes does for custom resources.
 *
 * <p>Rules that hold everywhere: at the top level and in {@code x-kubernetes-embedded-resource}
 * objects, {@code apiVersion}, {@code kind} and {@code metadata} are always known and
 * {@code metadata} is checked as ObjectMeta (the type's own ObjectMeta component, or the shared
 * one for schemas that do not describe it). Unknown fields are allowed under
 * {@code x-kubernetes-preserve-unknown-fields}, {@code additionalProperties: true} and in
 * objects whose schema lists no properties at all. A JSON {@code null} is taken as an absent
 * value (Kubernetes decodes it so), except that it does not satisfy {@code required}.
 *
 * <p>Compiled schemas are cached by schema identity (weakly); thread-safe.
 */
public final class SchemaChecker {
    private static final SchemaNode OBJECT_META = SchemaCompiler.compile(
            MetaV1Schemas.objectMeta(), MetaV1Schemas.components());

    private final Cache<OpenApiSchema, SchemaNode> compiled;

    /** A checker caching up to 4096 compiled schemas. */
    public SchemaChecker() {
        this(4096);
    }

    /** A checker caching up to {@code maxSchemas} compiled schemas. */
    public SchemaChecker(long maxSchemas) {
        this.compiled = Caffeine.newBuilder().weakKeys().maximumSize(maxSchemas).build();
    }

    /**
     * Checks an object: types, value constraints and unknown fields. The object is not modified.
     *
     * @param object the whole object as received (top level: apiVersion, kind, metadata, ...)
     * @param schema the type's schema; {@code null} accepts anything
     */
    public SchemaReport check(JsonNode object, OpenApiSchema schema) {
        if (schema == null) {
            return new SchemaReport(List.of(), List.of());
        }
        Walk walk = new Walk(true, true, false);
        walk.value(object, root(schema), "", true);
        return new SchemaReport(walk.violations, walk.unknown);
    }

    /**
     * Removes, in place, every field the schema does not know and every {@code null} of a field
     * that is not {@code nullable}: Kubernetes' pruning of custom resources. Fields under a value
     * of the wrong type are left alone (the type error is reported by {@link #check}).
     *
     * @return the paths of the removed unknown fields, in document order
     */
    public List<String> prune(ObjectNode object, OpenApiSchema schema) {
        if (schema == null) {
            return List.of();
        }
        Walk walk = new Walk(false, true, true);
        walk.value(object, root(schema), "", true);
        return List.copyOf(walk.unknown);
    }

    /**
     * Checks a value that is not a resource (e.g. a {@code default} in a CRD schema) against one
     * schema node: types, constraints and unknown fields, with paths starting at {@code path}.
     */
    static SchemaReport checkValue(JsonNode value, SchemaNode node, String path) {
        Walk walk = new Walk(true, true, false);
        walk.value(value, node, path, node.embeddedResource);
        return new SchemaReport(walk.violations, walk.unknown);
    }

    private SchemaNode root(OpenApiSchema schema) {
        return compiled.get(schema, SchemaCompiler::compile);
    }

    /** One pass over one object; collects into its lists. */
    private static final class Walk {
        final List<FieldViolation> violations = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final boolean constraints;
        final boolean reportUnknown;
        final boolean prune;

        Walk(boolean constraints, boolean reportUnknown, boolean prune) {
            this.constraints = constraints;
            this.reportUnknown = reportUnknown;
            this.prune = prune;
        }

        /** Checks a value; {@code resource} marks a top-level or embedded object. */
        void value(JsonNode v, SchemaNode n, String path, boolean resource) {
            if (v == null || v.isNull() || v.isMissingNode() || n == null) {
                return;
            }
            if (!typeMatches(v, n, path)) {
                return;
            }
            if (constraints) {
                scalarConstraints(v, n, path);
            }
            if (v.isObject()) {
                object((ObjectNode) v, n, path, resource || n.embeddedResource);
            } else if (v.isArray()) {
                array((ArrayNode) v, n, path);
            }
            if (constraints) {
                branches(v, n, path);
            }
        }

        private boolean typeMatches(JsonNode v, SchemaNode n, String path) {
            String expected;
            boolean ok;
            if (n.intOrString) {
                expected = "integer,string";
                ok = v.isTextual() || isInteger(v);
            } else if (n.numberOrString) {
                expected = "number,string";
                ok = v.isTextual() || v.isNumber();
            } else if (n.type == null) {
                return true;
            } else {
                expected = n.type;
                ok = switch (n.type) {
                    case "object" -> v.isObject();
                    case "array" -> v.isArray();
                    case "string" -> v.isTextual();
                    case "integer" -> isInteger(v);
                    case "number" -> v.isNumber();
                    case "boolean" -> v.isBoolean();
                    default -> true;
                };
            }
            if (!ok) {
                String actual = typeName(v);
                violations.add(new FieldViolation(FieldViolation.Type.TYPE_INVALID, path, "Invalid value: \""
                        + actual + "\": " + inBody(path) + " must be of type " + expected + ": \"" + actual + "\""));
            }
            return ok;
        }

        private void object(ObjectNode o, SchemaNode n, String path, boolean resource) {
            List<String> remove = null;
            boolean open = n.openObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode child = e.getValue();
                String childPath = path.isEmpty() ? name : path + "." + name;
                SchemaNode property = property(n, name);
                if (resource && isTypeMetaField(name)) {
                    if (name.equals("metadata")) {
                        metadata(child, property, childPath);
                    } else if (property != null) {
                        value(child, property, childPath, false);
                    }
                    continue;
                }
                if (child.isNull() && (property == null || !property.nullable)) {
                    if (prune && (property != null || n.additionalProperties != null || !open)) {
                        remove = add(remove, name);
                    }
                    if (property != null || n.additionalProperties != null || open) {
                        continue;
                    }
                }
                if (property != null) {
                    value(child, property, childPath, false);
                } else if (n.additionalProperties != null) {
                    value(child, n.additionalProperties, childPath, false);
                } else if (!open) {
                    if (reportUnknown) {
                        unknown.add(childPath);
                    }
                    if (prune) {
                        remove = add(remove, name);
                    }
                }
            }
            if (remove != null) {
                o.remove(remove);
            }
            if (!constraints) {
                return;
            }
            for (String required : n.required) {
                JsonNode child = o.get(required);
                SchemaNode property = property(n, required);
                if (child == null || (child.isNull() && (property == null || !property.nullable))) {
                    violations.add(FieldViolation.required(path.isEmpty() ? required : path + "." + required));
                }
            }
            if (n.embeddedResource) {
                for (String field : List.of("apiVersion", "kind")) {
                    if (!o.hasNonNull(field)) {
                        violations.add(FieldViolation.required(path.isEmpty() ? field : path + "." + field));
                    }
                }
            }
            if (n.maxProperties != null && o.size() > n.maxProperties) {
                violations.add(tooMany(path, o.size(), n.maxProperties));
            }
            if (n.minProperties != null && o.size() < n.minProperties) {
                violations.add(FieldViolation.invalid(path, display(o), inBody(path)
                        + " should have at least " + n.minProperties + " properties"));
            }
        }

        /**
         * {@code metadata} of a resource: checked as ObjectMeta, whatever the schema says about
         * it; a CRD's own restrictions on it (its schema's metadata properties) apply on top.
         */
        private void metadata(JsonNode child, SchemaNode property, String path) {
            if (property != null && property.objectMeta && property.properties != null) {
                value(child, property, path, false);
                return;
            }
            value(child, OBJECT_META, path, false);
            if (property != null && constraints && child.isObject()) {
                Walk extra = new Walk(true, false, false);
                extra.value(child, property, path, false);
                violations.addAll(extra.violations);
            }
        }

        private void array(ArrayNode a, SchemaNode n, String path) {
            for (int i = 0; i < a.size(); i++) {
                value(a.get(i), n.items, path + "[" + i + "]", false);
            }
            if (!constraints) {
                return;
            }
            if (n.maxItems != null && a.size() > n.maxItems) {
                violations.add(tooMany(path, a.size(), n.maxItems));
            }
            if (n.minItems != null && a.size() < n.minItems) {
                violations.add(FieldViolation.invalid(path, display(a), inBody(path) + " should have at least "
                        + n.minItems + " items"));
            }
            if (n.uniqueItems || "set".equals(n.listType)) {
                Set<Object> seen = new HashSet<>();
                for (int i = 0; i < a.size(); i++) {
                    if (!seen.add(canonical(a.get(i)))) {
                        violations.add(FieldViolation.duplicate(path + "[" + i + "]", display(a.get(i))));
                    }
                }
            } else if ("map".equals(n.listType) && !n.listMapKeys.isEmpty()) {
                Map<Object, Integer> seen = new HashMap<>();
                for (int i = 0; i < a.size(); i++) {
                    JsonNode item = a.get(i);
                    if (!item.isObject()) {
                        continue;
                    }
                    ObjectNode key = JsonNodeFactory.instance.objectNode();
                    for (String k : n.listMapKeys) {
                        if (item.has(k)) {
                            key.set(k, item.get(k));
                        }
                    }
                    if (seen.putIfAbsent(canonical(key), i) != null) {
                        violations.add(FieldViolation.duplicate(path + "[" + i + "]", key));
                    }
                }
            }
        }

        private void scalarConstraints(JsonNode v, SchemaNode n, String path) {
            if (n.enumValues != null && n.enumValues.stream().noneMatch(e -> sameValue(e, v))) {
                violations.add(FieldViolation.notSupported(path, display(v),
                        n.enumValues.stream().map(e -> e.isTextual() ? e.asText() : e.toString()).toList()));
            }
            if (v.isTextual()) {
                String s = v.asText();
                int length = s.codePointCount(0, s.length());
                if (n.maxLength != null && length > n.maxLength) {
                    violations.add(FieldViolation.tooLong(path, n.maxLength.intValue()));
                }
                if (n.minLength != null && length < n.minLength) {
                    violations.add(FieldViolation.invalid(path, s, inBody(path) + " should be at least "
                            + n.minLength + " chars long"));
                }
                if (n.pattern != null && !n.pattern.matcher(s).find()) {
                    violations.add(FieldViolation.invalid(path, s, inBody(path) + " should match '"
                            + n.patternSource + "'"));
                }
                if (n.format != null && !n.intOrString && !Formats.valid(n.format, s)) {
                    violations.add(FieldViolation.invalid(path, s, inBody(path) + " must be of type " + n.format
                            + ": \"" + s + "\""));
                }
            } else if (v.isNumber()) {
                numberConstraints(v, n, path);
            }
        }

        private void numberConstraints(JsonNode v, SchemaNode n, String path) {
            BigDecimal d = v.decimalValue();
            Object shown = v.numberValue();
            if (n.minimum != null) {
                int c = d.compareTo(n.minimum);
                if (n.exclusiveMinimum ? c <= 0 : c < 0) {
                    violations.add(FieldViolation.invalid(path, shown, inBody(path) + " should be greater than "
                            + (n.exclusiveMinimum ? "" : "or equal to ") + plain(n.minimum)));
                }
            }
            if (n.maximum != null) {
                int c = d.compareTo(n.maximum);
                if (n.exclusiveMaximum ? c >= 0 : c > 0) {
                    violations.add(FieldViolation.invalid(path, shown, inBody(path) + " should be less than "
                            + (n.exclusiveMaximum ? "" : "or equal to ") + plain(n.maximum)));
                }
            }
            if (n.multipleOf != null && n.multipleOf.signum() != 0
                    && d.remainder(n.multipleOf).signum() != 0) {
                violations.add(FieldViolation.invalid(path, shown, inBody(path) + " should be a multiple of "
                        + plain(n.multipleOf)));
            }
            if ("int32".equals(n.format) || "int64".equals(n.format)) {
                long min = "int32".equals(n.format) ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = "int32".equals(n.format) ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                    violations.add(FieldViolation.invalid(path, shown, inBody(path) + " must be of type "
                            + n.format + ": \"" + plain(d) + "\""));
                }
            }
        }

        /** allOf, anyOf, oneOf and not: value checks only, never unknown fields. */
        private void branches(JsonNode v, SchemaNode n, String path) {
            for (SchemaNode branch : n.allOf) {
                Walk sub = new Walk(true, false, false);
                sub.value(v, branch, path, false);
                violations.addAll(sub.violations);
            }
            if (!n.anyOf.isEmpty() && !n.intOrString && passing(v, n.anyOf, path) == 0) {
                violations.add(FieldViolation.invalid(path, display(v), inBody(path)
                        + " must validate at least one schema (anyOf)"));
            }
            if (!n.oneOf.isEmpty() && passing(v, n.oneOf, path) != 1) {
                violations.add(FieldViolation.invalid(path, display(v), inBody(path)
                        + " must validate one and only one schema (oneOf)"));
            }
            if (n.not != null && passing(v, List.of(n.not), path) == 1) {
                violations.add(FieldViolation.invalid(path, display(v), inBody(path)
                        + " must not validate the schema (not)"));
            }
        }

        private static int passing(JsonNode v, List<SchemaNode> branches, String path) {
            int count = 0;
            for (SchemaNode branch : branches) {
                Walk sub = new Walk(true, false, false);
                sub.value(v, branch, path, false);
                if (sub.violations.isEmpty()) {
                    count++;
                }
            }
            return count;
        }
    }

    /** The schema of a property, declared directly or in an {@code allOf} branch. */
    private static SchemaNode property(SchemaNode n, String name) {
        if (n.properties != null) {
            SchemaNode p = n.properties.get(name);
            if (p != null) {
                return p;
            }
        }
        if (n.knownProperties.contains(name)) {
            for (SchemaNode branch : n.allOf) {
                SchemaNode p = property(branch, name);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean isTypeMetaField(String name) {
        return name.equals("metadata") || name.equals("apiVersion") || name.equals("kind");
    }

    private static boolean isInteger(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        if (!v.isNumber()) {
            return false;
        }
        BigDecimal d = v.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static String typeName(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return isInteger(v) ? "integer" : "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        return "null";
    }

    private static String inBody(String path) {
        return path.isEmpty() ? "body" : path + " in body";
    }

    private static FieldViolation tooMany(String path, int actual, long max) {
        return new FieldViolation(FieldViolation.Type.TOO_MANY, path,
                "Too many: " + actual + ": must have at most " + max + " items");
    }

    /** The value as Kubernetes shows it: strings quoted, numbers and booleans bare, others as JSON. */
    private static Object display(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** A key equal for equal JSON values, whatever the Java number types. */
    private static Object canonical(JsonNode v) {
        if (v.isNumber()) {
            return plain(v.decimalValue());
        }
        if (v.isObject()) {
            Map<String, Object> map = new HashMap<>();
            v.fields().forEachRemaining(e -> map.put(e.getKey(), canonical(e.getValue())));
            return map;
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(canonical(e)));
            return list;
        }
        return v;
    }

    private static List<String> add(List<String> list, String name) {
        List<String> l = list == null ? new ArrayList<>() : list;
        l.add(name);
        return l;
    }
}
