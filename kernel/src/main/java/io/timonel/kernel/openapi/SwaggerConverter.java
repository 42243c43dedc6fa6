package io.timonel.kernel.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Converts parts of the OpenAPI 3.0 group-version documents into Swagger 2.0, keeping to what
 * Swagger allows so that strict parsers (kubectl's gnostic) accept the result: references point
 * to {@code #/definitions/}, single-reference {@code allOf} wrappers become plain references with
 * siblings, v3-only keywords ({@code nullable}, {@code oneOf}, {@code anyOf}, {@code not},
 * {@code writeOnly}, ...) are dropped, and a nullable or int-or-string value loses its
 * {@code type} because Swagger cannot say "or null" / "or integer".
 */
final class SwaggerConverter {
    private static final String V3_REF = MetaV1Schemas.REF_PREFIX;
    static final String V2_REF = "#/definitions/";
    private static final Set<String> SCHEMA_KEYS = Set.of("$ref", "format", "title", "description", "default",
            "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
            "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "enum",
            "additionalProperties", "type", "items", "allOf", "properties", "readOnly", "externalDocs", "example");
    private static final Set<String> NUMBER_KEYS = Set.of("multipleOf", "maximum", "minimum");
    private static final Set<String> INTEGER_KEYS = Set.of("maxLength", "minLength", "maxItems", "minItems",
            "maxProperties", "minProperties");
    private static final Set<String> BOOLEAN_KEYS = Set.of("exclusiveMaximum", "exclusiveMinimum", "uniqueItems",
            "readOnly");

    private SwaggerConverter() {
    }

    /** A Swagger 2.0 schema equivalent to (or more permissive than) the given v3 schema. */
    static ObjectNode schema(JsonNode v3) {
        ObjectNode out = GroupVersionSpec.JSON.objectNode();
        if (!v3.isObject()) {
            return out;
        }
        JsonNode allOf = v3.get("allOf");
        if (allOf != null && allOf.isArray() && allOf.size() == 1 && allOf.get(0).has("$ref") && !v3.has("$ref")
                && !v3.has("properties") && !v3.has("type")) {
            out.put("$ref", ref(allOf.get(0).get("$ref").asText()));
        }
        boolean dropType = v3.path("nullable").asBoolean(false) || v3.path("x-kubernetes-int-or-string").asBoolean(false)
                || "int-or-string".equals(v3.path("format").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = v3.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("x-")) {
                out.set(key, value.deepCopy());
            } else if (!SCHEMA_KEYS.contains(key) || out.has(key)) {
                continue;
            } else if (key.equals("$ref")) {
                out.put("$ref", ref(value.asText()));
            } else if (key.equals("type")) {
                if (!dropType && (value.isTextual() || value.isArray())) {
                    out.set("type", value.deepCopy());
                }
            } else if (key.equals("properties")) {
                if (value.isObject()) {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), schema(p.getValue())));
                }
            } else if (key.equals("additionalProperties")) {
                if (value.isBoolean()) {
                    out.put(key, value.asBoolean());
                } else if (value.isObject()) {
                    out.set(key, schema(value));
                }
            } else if (key.equals("items")) {
                if (value.isObject()) {
                    out.set(key, schema(value));
                } else if (value.isArray() && value.size() > 0) {
                    out.set(key, schema(value.get(0)));
                }
            } else if (key.equals("allOf")) {
                if (value.isArray() && !out.has("$ref")) {
                    ArrayNode all = out.putArray("allOf");
                    value.forEach(s -> all.add(schema(s)));
                }
            } else if (key.equals("required")) {
                if (value.isArray() && value.size() > 0) {
                    ArrayNode req = out.putArray("required");
                    value.forEach(r -> req.add(r.asText()));
                }
            } else if (key.equals("enum")) {
                if (value.isArray()) {
                    out.set(key, value.deepCopy());
                }
            } else if (NUMBER_KEYS.contains(key) || INTEGER_KEYS.contains(key)) {
                if (value.isNumber()) {
                    out.set(key, value);
                }
            } else if (BOOLEAN_KEYS.contains(key)) {
                if (value.isBoolean()) {
                    out.set(key, value);
                }
            } else if (key.equals("externalDocs")) {
                if (value.isObject()) {
                    ObjectNode docs = out.putObject(key);
                    if (value.has("description")) {
                        docs.put("description", value.get("description").asText());
                    }
                    docs.put("url", value.path("url").asText());
                }
            } else if (key.equals("format") || key.equals("title") || key.equals("description")
                    || key.equals("pattern")) {
                if (value.isTextual()) {
                    out.set(key, value);
                }
            } else {
                out.set(key, value.deepCopy());
            }
        }
        if ("array".equals(out.path("type").asText()) && !out.has("items")) {
            out.putObject("items");
        }
        return out;
    }

    /** A Swagger 2.0 path item from a v3 one. */
    static ObjectNode pathItem(JsonNode v3) {
        ObjectNode out = GroupVersionSpec.JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = v3.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("parameters")) {
                ArrayNode params = out.putArray("parameters");
                e.getValue().forEach(p -> params.add(parameter(p)));
            } else {
                out.set(e.getKey(), operation(e.getValue()));
            }
        }
        return out;
    }

    private static ObjectNode operation(JsonNode v3) {
        ObjectNode out = GroupVersionSpec.JSON.objectNode();
        out.put("description", v3.path("description").asText());
        if (v3.has("requestBody")) {
            ArrayNode consumes = out.putArray("consumes");
            v3.path("requestBody").path("content").fieldNames().forEachRemaining(consumes::add);
        }
        ArrayNode produces = out.putArray("produces");
        ResourcePaths.RESPONSE_TYPES.forEach(produces::add);
        out.putArray("schemes").add("https");
        out.set("tags", v3.path("tags").deepCopy());
        out.put("operationId", v3.path("operationId").asText());
        ArrayNode params = out.putArray("parameters");
        v3.path("parameters").forEach(p -> params.add(parameter(p)));
        if (v3.has("requestBody")) {
            JsonNode content = v3.path("requestBody").path("content");
            JsonNode first = content.elements().hasNext() ? content.elements().next() : GroupVersionSpec.JSON.objectNode();
            ObjectNode body = params.addObject();
            body.put("name", "body");
            body.put("in", "body");
            body.put("required", v3.path("requestBody").path("required").asBoolean(false));
            body.set("schema", schema(first.path("schema")));
        }
        ObjectNode responses = out.putObject("responses");
        v3.path("responses").fields().forEachRemaining(e -> {
            ObjectNode response = responses.putObject(e.getKey());
            response.put("description", e.getValue().path("description").asText());
            JsonNode content = e.getValue().path("content");
            if (content.elements().hasNext()) {
                response.set("schema", schema(content.elements().next().path("schema")));
            }
        });
        v3.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("x-")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    private static ObjectNode parameter(JsonNode v3) {
        ObjectNode out = GroupVersionSpec.JSON.objectNode();
        out.put("description", v3.path("description").asText());
        out.put("in", v3.path("in").asText());
        out.put("name", v3.path("name").asText());
        if (v3.path("required").asBoolean(false) || "path".equals(v3.path("in").asText())) {
            out.put("required", true);
        }
        out.put("type", v3.path("schema").path("type").asText("string"));
        out.put("uniqueItems", true);
        return out;
    }

    private static String ref(String v3Ref) {
        return v3Ref.startsWith(V3_REF) ? V2_REF + v3Ref.substring(V3_REF.length()) : v3Ref;
    }
}
