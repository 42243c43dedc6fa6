package io.timonel.kernel.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 document (as produced by {@link OpenApiV2Document}) in the protocol
 * buffer form of gnostic's {@code openapi.v2.Document}, which is the only form client-go's
 * discovery client reads from {@code /openapi/v2}. Values of extensions, defaults, examples and
 * enums travel as YAML text; JSON is valid YAML, so they are written as JSON.
 */
final class SwaggerProtobuf {
    private SwaggerProtobuf() {
    }

    static byte[] encode(JsonNode doc) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, doc.path("swagger").asText());
        w.message(2, new ProtoWriter().string(1, doc.path("info").path("title").asText())
                .string(2, doc.path("info").path("version").asText()));
        ProtoWriter paths = new ProtoWriter();
        fields(doc.path("paths"), (name, item) -> paths.message(2, named(name, pathItem(item))));
        w.message(8, paths);
        ProtoWriter definitions = new ProtoWriter();
        fields(doc.path("definitions"), (name, schema) -> definitions.message(1, named(name, schema(schema))));
        w.message(9, definitions);
        return w.toByteArray();
    }

    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter w = new ProtoWriter();
        String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (item.has(methods[i])) {
                w.message(2 + i, operation(item.get(methods[i])));
            }
        }
        item.path("parameters").forEach(p -> w.message(9, parameter(p)));
        return w;
    }

    private static ProtoWriter operation(JsonNode op) {
        ProtoWriter w = new ProtoWriter();
        op.path("tags").forEach(t -> w.string(1, t.asText()));
        w.string(3, op.path("description").asText());
        w.string(5, op.path("operationId").asText());
        op.path("produces").forEach(t -> w.string(6, t.asText()));
        op.path("consumes").forEach(t -> w.string(7, t.asText()));
        op.path("parameters").forEach(p -> w.message(8, parameter(p)));
        ProtoWriter responses = new ProtoWriter();
        fields(op.path("responses"), (code, response) -> {
            ProtoWriter r = new ProtoWriter().string(1, response.path("description").asText());
            if (response.has("schema")) {
                r.message(2, new ProtoWriter().message(1, schema(response.get("schema"))));
            }
            responses.message(1, named(code, new ProtoWriter().message(1, r)));
        });
        w.message(9, responses);
        op.path("schemes").forEach(t -> w.string(10, t.asText()));
        extensions(op, w, 13);
        return w;
    }

    /** A {@code ParametersItem} holding a body, query or path parameter. */
    private static ProtoWriter parameter(JsonNode p) {
        ProtoWriter parameter = new ProtoWriter();
        String in = p.path("in").asText();
        if (in.equals("body")) {
            parameter.message(1, new ProtoWriter().string(1, p.path("description").asText())
                    .string(2, p.path("name").asText()).string(3, in).bool(4, p.path("required").asBoolean())
                    .message(5, schema(p.path("schema"))));
        } else if (in.equals("path")) {
            parameter.message(2, new ProtoWriter().message(4, new ProtoWriter().bool(1, true).string(2, in)
                    .string(3, p.path("description").asText()).string(4, p.path("name").asText())
                    .string(5, p.path("type").asText()).bool(19, p.path("uniqueItems").asBoolean())));
        } else {
            parameter.message(2, new ProtoWriter().message(3, new ProtoWriter()
                    .bool(1, p.path("required").asBoolean()).string(2, in)
                    .string(3, p.path("description").asText()).string(4, p.path("name").asText())
                    .string(6, p.path("type").asText()).bool(20, p.path("uniqueItems").asBoolean())));
        }
        return new ProtoWriter().message(1, parameter);
    }

    static ProtoWriter schema(JsonNode s) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, s.path("$ref").asText());
        w.string(2, s.path("format").asText());
        w.string(3, s.path("title").asText());
        w.string(4, s.path("description").asText());
        if (s.has("default")) {
            w.message(5, any(s.get("default")));
        }
        w.dbl(6, s.path("multipleOf").asDouble());
        w.dbl(7, s.path("maximum").asDouble());
        w.bool(8, s.path("exclusiveMaximum").asBoolean());
        w.dbl(9, s.path("minimum").asDouble());
        w.bool(10, s.path("exclusiveMinimum").asBoolean());
        w.int64(11, s.path("maxLength").asLong());
        w.int64(12, s.path("minLength").asLong());
        w.string(13, s.path("pattern").asText());
        w.int64(14, s.path("maxItems").asLong());
        w.int64(15, s.path("minItems").asLong());
        w.bool(16, s.path("uniqueItems").asBoolean());
        w.int64(17, s.path("maxProperties").asLong());
        w.int64(18, s.path("minProperties").asLong());
        s.path("required").forEach(r -> w.string(19, r.asText()));
        s.path("enum").forEach(e -> w.message(20, any(e)));
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isBoolean()) {
            w.message(21, new ProtoWriter().presentBool(2, additional.asBoolean()));
        } else if (additional != null && additional.isObject()) {
            w.message(21, new ProtoWriter().message(1, schema(additional)));
        }
        JsonNode type = s.get("type");
        if (type != null) {
            ProtoWriter t = new ProtoWriter();
            if (type.isArray()) {
                type.forEach(v -> t.string(1, v.asText()));
            } else {
                t.string(1, type.asText());
            }
            w.message(22, t);
        }
        if (s.has("items")) {
            w.message(23, new ProtoWriter().message(1, schema(s.get("items"))));
        }
        s.path("allOf").forEach(a -> w.message(24, schema(a)));
        if (s.has("properties")) {
            ProtoWriter props = new ProtoWriter();
            fields(s.get("properties"), (name, sub) -> props.message(1, named(name, schema(sub))));
            w.message(25, props);
        }
        w.bool(27, s.path("readOnly").asBoolean());
        if (s.has("externalDocs")) {
            w.message(29, new ProtoWriter().string(1, s.path("externalDocs").path("description").asText())
                    .string(2, s.path("externalDocs").path("url").asText()));
        }
        if (s.has("example")) {
            w.message(30, any(s.get("example")));
        }
        extensions(s, w, 31);
        return w;
    }

    private static void extensions(JsonNode node, ProtoWriter w, int field) {
        fields(node, (name, value) -> {
            if (name.startsWith("x-")) {
                w.message(field, new ProtoWriter().string(1, name).message(2, any(value)));
            }
        });
    }

    /** A gnostic {@code Any}: the value as YAML text. */
    private static ProtoWriter any(JsonNode value) {
        return new ProtoWriter().string(2, value.toString());
    }

    private static ProtoWriter named(String name, ProtoWriter value) {
        return new ProtoWriter().string(1, name).message(2, value);
    }

    private interface FieldVisitor {
        void visit(String name, JsonNode value);
    }

    private static void fields(JsonNode node, FieldVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            visitor.visit(e.getKey(), e.getValue());
        }
    }
}
