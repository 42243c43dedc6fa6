package io.timonel.kernel.openapi;

import static io.timonel.kernel.openapi.SchemaFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.ResourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpenApiV2DocumentTest {
    private static final Set<String> SWAGGER_SCHEMA_KEYS = Set.of("$ref", "format", "title", "description", "default",
            "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
            "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "enum",
            "additionalProperties", "type", "items", "allOf", "properties", "discriminator", "readOnly", "xml",
            "externalDocs", "example");
    private final List<ResourceType> types = new CopyOnWriteArrayList<>(List.of(SchemaFixtures.deployments(),
            SchemaFixtures.configMaps(), SchemaFixtures.gadgets()));
    private final OpenApiV2Document v2 = new OpenApiV2Document(new OpenApiV3Documents(() -> types));

    @Test
    void swaggerDocumentHasDefinitionsPathsAndGvk() throws IOException {
        JsonNode doc = MAPPER.readTree(v2.json());
        assertEquals("2.0", doc.path("swagger").asText());
        assertTrue(doc.path("info").has("title") && doc.path("info").has("version"));
        JsonNode deployment = doc.path("definitions").path(SchemaFixtures.DEPLOYMENT);
        assertEquals("Deployment", deployment.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());
        assertEquals("#/definitions/io.k8s.api.apps.v1.DeploymentSpec",
                deployment.path("properties").path("spec").path("$ref").asText());
        assertTrue(doc.path("definitions").has("io.k8s.api.apps.v1.DeploymentList"));
        JsonNode patch = doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
        assertEquals("patch", patch.path("x-kubernetes-action").asText());
        assertTrue(patch.path("consumes").toString().contains("application/strategic-merge-patch+json"));
        assertTrue(patch.path("parameters").toString().contains("\"in\":\"body\""));
        assertEquals("#/definitions/io.k8s.api.apps.v1.Deployment",
                patch.path("responses").path("200").path("schema").path("$ref").asText());
    }

    @Test
    void onlySwaggerKeywordsRemainAndEveryReferenceResolves() throws IOException {
        JsonNode doc = MAPPER.readTree(v2.json());
        List<String> problems = new ArrayList<>();
        doc.path("definitions").fields().forEachRemaining(e -> checkSchema(e.getKey(), e.getValue(), doc, problems));
        assertEquals(List.of(), problems);
        JsonNode port = doc.path("definitions").path("com.example.v1.Gadget").path("properties").path("spec")
                .path("properties").path("port");
        assertFalse(port.has("type"), "int-or-string has no single Swagger type");
        assertFalse(doc.path("definitions").path("com.example.v1.Gadget").path("properties").path("spec")
                .path("properties").path("note").has("type"), "nullable values have no Swagger type");
    }

    @Test
    void protobufAnsweredWhenAskedAndRebuiltOnlyOnChange() {
        OpenApiReply proto = v2.serve("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", null);
        assertEquals(OpenApiV2Document.PROTOBUF, proto.headers().get("Content-Type"));
        assertSame(v2.protobuf(), proto.body());
        OpenApiReply json = v2.serve("application/json", null);
        assertEquals("application/json", json.headers().get("Content-Type"));
        assertEquals(304, v2.serve("application/json", json.headers().get("ETag")).status());
        byte[] before = v2.json();
        assertSame(before, v2.json());
        types.add(SchemaFixtures.widgets());
        assertFalse(before == v2.json());
        assertTrue(new String(v2.json()).contains("com.example.v1.Widget"));
    }

    private static void checkSchema(String where, JsonNode schema, JsonNode doc, List<String> problems) {
        schema.fieldNames().forEachRemaining(key -> {
            if (!key.startsWith("x-") && !SWAGGER_SCHEMA_KEYS.contains(key)) {
                problems.add(where + ": " + key);
            }
        });
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/definitions/") || !doc.path("definitions").has(ref.substring(14))) {
                problems.add(where + ": dangling " + ref);
            }
        }
        if ("array".equals(schema.path("type").asText()) && !schema.has("items")) {
            problems.add(where + ": array without items");
        }
        schema.path("properties").fields().forEachRemaining(e -> checkSchema(where + "." + e.getKey(), e.getValue(), doc,
                problems));
        if (schema.path("additionalProperties").isObject()) {
            checkSchema(where + "{}", schema.get("additionalProperties"), doc, problems);
        }
        if (schema.has("items")) {
            checkSchema(where + "[]", schema.get("items"), doc, problems);
        }
        schema.path("allOf").forEach(s -> checkSchema(where + "&", s, doc, problems));
    }
}
