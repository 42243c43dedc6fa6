package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a CustomResourceDefinition's {@code openAPIV3Schema} is <em>structural</em>, as
 * apiextensions.k8s.io/v1 requires, and whether its defaults are sound. The rules are
 * Kubernetes': every specified node has a {@code type} (except under
 * {@code x-kubernetes-int-or-string}, {@code x-kubernetes-embedded-resource}, and below the root
 * under {@code x-kubernetes-preserve-unknown-fields}); the root is an object; arrays have
 * {@code items}; {@code properties} and {@code additionalProperties} exclude each other;
 * {@code metadata} may only restrict {@code name} and {@code generateName}; value validations
 * ({@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}) do not specify types, defaults or
 * extensions, nor properties the structural part lacks; unsupported JSON-schema keywords are
 * refused; defaults validate against their schema and have no field pruning would drop.
 *
 * <p>Violations name the offending keyword the way Kubernetes does, e.g.
 * {@code spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not
 * be empty for specified object fields}.
 */
public final class StructuralSchema {
    private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");
    private static final List<String> UNSUPPORTED = List.of("$ref", "$schema", "id", "definitions",
            "patternProperties", "dependencies", "additionalItems");
    private static final List<String> FORBIDDEN_IN_VALUE_VALIDATION = List.of("type", "additionalProperties", "default",
            "nullable", "items", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
            "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type");

    private enum Level { ROOT, FIELD, ITEM }

    private final List<FieldViolation> out = new ArrayList<>();

    private StructuralSchema() {
    }

    /**
     * Every reason {@code schema} is not an acceptable CRD schema; empty when it is.
     *
     * @param schema the {@code openAPIV3Schema} node
     * @param path   its field path, e.g. {@code spec.versions[0].schema.openAPIV3Schema}
     */
    public static List<FieldViolation> validate(JsonNode schema, String path) {
        StructuralSchema v = new StructuralSchema();
        v.node(schema, path, Level.ROOT, false);
        if (v.out.isEmpty()) {
            v.defaults(schema, path);
        }
        return List.copyOf(v.out);
    }

    private void node(JsonNode s, String path, Level level, boolean underMetadata) {
        if (!s.isObject()) {
            out.add(FieldViolation.invalid(path, s.toString(), "must be a schema object"));
            return;
        }
        for (String keyword : UNSUPPORTED) {
            if (s.has(keyword)) {
                out.add(FieldViolation.forbidden(path + "." + keyword, keyword + " is not supported"));
            }
        }
        if (s.path("uniqueItems").asBoolean(false)) {
            out.add(FieldViolation.forbidden(path + ".uniqueItems",
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        if (s.has("x-kubernetes-preserve-unknown-fields") && !s.get("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            out.add(FieldViolation.invalid(path + ".x-kubernetes-preserve-unknown-fields", false,
                    "must be true or undefined"));
        }
        String type = s.path("type").asText("");
        boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!type.isEmpty() && !TYPES.contains(type)) {
            out.add(FieldViolation.notSupported(path + ".type", type, List.of("array", "boolean", "integer", "number",
                    "object", "string")));
        }
        if (embedded && !type.equals("object")) {
            out.add(type.isEmpty()
                    ? new FieldViolation(FieldViolation.Type.REQUIRED, path + ".type",
                            "Required value: must be object if x-kubernetes-embedded-resource is true")
                    : FieldViolation.invalid(path + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
        } else if (type.isEmpty() && !embedded && !intOrString && (level == Level.ROOT || !preserve)) {
            String where = switch (level) {
                case ROOT -> "at the root";
                case ITEM -> "for specified array items";
                case FIELD -> "for specified object fields";
            };
            out.add(new FieldViolation(FieldViolation.Type.REQUIRED, path + ".type",
                    "Required value: must not be empty " + where));
        }
        if (level == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
            out.add(FieldViolation.invalid(path + ".type", type, "must be object at the root"));
        }
        if (type.equals("array") && !s.has("items")) {
            out.add(new FieldViolation(FieldViolation.Type.REQUIRED, path + ".items", "Required value: must be specified"));
        }
        JsonNode properties = s.get("properties");
        JsonNode additional = s.get("additionalProperties");
        if (properties != null && properties.size() > 0 && additional != null
                && !(additional.isBoolean() && !additional.asBoolean())) {
            out.add(FieldViolation.forbidden(path + ".additionalProperties",
                    "additionalProperties and properties are mutual exclusive"));
        }
        if (embedded && additional != null) {
            out.add(FieldViolation.forbidden(path + ".additionalProperties",
                    "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (embedded && !preserve && (properties == null || properties.isEmpty())) {
            out.add(new FieldViolation(FieldViolation.Type.REQUIRED, path + ".properties", "Required value: must not be "
                    + "empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
        String listType = s.path("x-kubernetes-list-type").asText("");
        if (!listType.isEmpty()) {
            if (!List.of("atomic", "set", "map").contains(listType)) {
                out.add(FieldViolation.notSupported(path + ".x-kubernetes-list-type", listType,
                        List.of("atomic", "set", "map")));
            } else if (listType.equals("map") && s.path("x-kubernetes-list-map-keys").size() == 0) {
                out.add(new FieldViolation(FieldViolation.Type.REQUIRED, path + ".x-kubernetes-list-map-keys",
                        "Required value: must not be empty if x-kubernetes-list-type is map"));
            }
            if (!type.equals("array")) {
                out.add(FieldViolation.invalid(path + ".type", type, "must be array if x-kubernetes-list-type is set"));
            }
        }
        if (properties != null && properties.isObject()) {
            boolean resource = level == Level.ROOT || embedded;
            for (Map.Entry<String, JsonNode> e : properties.properties()) {
                String child = path + ".properties[" + e.getKey() + "]";
                if (resource && e.getKey().equals("metadata")) {
                    metadata(e.getValue(), child, level == Level.ROOT);
                    continue;
                }
                if (resource && (e.getKey().equals("kind") || e.getKey().equals("apiVersion"))
                        && level == Level.ROOT && !e.getValue().path("type").asText("string").equals("string")) {
                    out.add(FieldViolation.invalid(child + ".type", e.getValue().path("type").asText(), "must be string"));
                }
                node(e.getValue(), child, Level.FIELD, underMetadata);
            }
        }
        if (additional != null && additional.isObject()) {
            node(additional, path + ".additionalProperties", Level.FIELD, underMetadata);
        }
        JsonNode items = s.get("items");
        if (items != null) {
            if (items.isArray()) {
                out.add(FieldViolation.forbidden(path + ".items", "items must be a schema object and not an array"));
            } else {
                node(items, path + ".items", Level.ITEM, underMetadata);
            }
        }
        for (String junction : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode list = s.get(junction);
            if (list != null && list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    valueValidation(list.get(i), s, path + "." + junction + "[" + i + "]", intOrString && !junction.equals("oneOf"));
                }
            }
        }
        if (s.has("not")) {
            valueValidation(s.get("not"), s, path + ".not", false);
        }
    }

    /** {@code metadata} of a resource: only {@code name} and {@code generateName}, as strings. */
    private void metadata(JsonNode s, String path, boolean root) {
        String type = s.path("type").asText("");
        if (root && !type.equals("object")) {
            out.add(type.isEmpty()
                    ? new FieldViolation(FieldViolation.Type.REQUIRED, path + ".type", "Required value: must not be empty for specified object fields")
                    : FieldViolation.invalid(path + ".type", type, "must be object"));
        }
        JsonNode properties = s.path("properties");
        for (Map.Entry<String, JsonNode> e : properties.properties()) {
            if (!e.getKey().equals("name") && !e.getKey().equals("generateName")) {
                out.add(FieldViolation.forbidden(path + ".properties", "must not specify anything other than name and "
                        + "generateName, but metadata is implicitly specified"));
                return;
            }
            if (!e.getValue().path("type").asText("").equals("string")) {
                out.add(FieldViolation.invalid(path + ".properties[" + e.getKey() + "].type",
                        e.getValue().path("type").asText(""), "must be string"));
            }
        }
        if (s.has("default")) {
            out.add(FieldViolation.forbidden(path + ".default", "must not be set for metadata"));
        }
    }

    /**
     * A branch of {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}: it may only add value
     * constraints. Under {@code x-kubernetes-int-or-string} the branches {@code {type: integer}}
     * and {@code {type: string}} are the documented exception.
     */
    private void valueValidation(JsonNode v, JsonNode structural, String path, boolean intOrString) {
        if (!v.isObject()) {
            return;
        }
        for (String keyword : FORBIDDEN_IN_VALUE_VALIDATION) {
            if (!v.has(keyword)) {
                continue;
            }
            if (keyword.equals("type") && intOrString
                    && (v.get("type").asText().equals("integer") || v.get("type").asText().equals("string"))) {
                continue;
            }
            out.add(FieldViolation.forbidden(path + "." + keyword, "must be empty to be structural"));
        }
        JsonNode properties = v.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> e : properties.properties()) {
                JsonNode counterpart = structural.path("properties").get(e.getKey());
                String child = path + ".properties[" + e.getKey() + "]";
                if (counterpart == null && !structural.has("additionalProperties")
                        && !structural.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, child, "Required value: must have "
                            + "a properties value in the structural schema too"));
                } else {
                    valueValidation(e.getValue(), counterpart == null ? structural : counterpart, child, false);
                }
            }
        }
        JsonNode items = v.get("items");
        if (items != null && items.isObject()) {
            valueValidation(items, structural.path("items"), path + ".items", false);
        }
        for (String junction : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode list = v.get(junction);
            if (list != null && list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    valueValidation(list.get(i), structural, path + "." + junction + "[" + i + "]", intOrString);
                }
            }
        }
        if (v.has("not")) {
            valueValidation(v.get("not"), structural, path + ".not", false);
        }
    }

    /** Every {@code default} validates against its own schema and keeps no field pruning would drop. */
    private void defaults(JsonNode s, String path) {
        if (!s.isObject()) {
            return;
        }
        JsonNode def = s.get("default");
        if (def != null) {
            SchemaNode node = SchemaCompiler.compile(s, Map.of());
            if (def.isNull() && !node.nullable) {
                out.add(FieldViolation.invalid(path + ".default", "null", "must not be null for non-nullable fields"));
            } else if (!def.isNull()) {
                SchemaReport report = SchemaChecker.checkValue(def, node, "");
                for (FieldViolation v : report.violations()) {
                    out.add(new FieldViolation(v.type(), path + ".default" + (v.field().isEmpty() ? "" : "." + v.field()),
                            v.message()));
                }
                if (!report.unknownFields().isEmpty()) {
                    out.add(FieldViolation.invalid(path + ".default", def,
                            "must not have unknown fields: " + String.join(", ", report.unknownFields())));
                }
            }
        }
        s.path("properties").properties().forEach(e -> defaults(e.getValue(), path + ".properties[" + e.getKey() + "]"));
        if (s.path("additionalProperties").isObject()) {
            defaults(s.get("additionalProperties"), path + ".additionalProperties");
        }
        if (s.path("items").isObject()) {
            defaults(s.get("items"), path + ".items");
        }
    }
}
