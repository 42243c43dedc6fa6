package io.timonel.kernel.openapi;

import static io.timonel.kernel.openapi.SchemaFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.ResourceType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpenApiV3DocumentsTest {
    private final List<ResourceType> types = new CopyOnWriteArrayList<>(List.of(
            SchemaFixtures.deployments(), SchemaFixtures.configMaps(), SchemaFixtures.widgets()));
    private final OpenApiV3Documents docs = new OpenApiV3Documents(() -> types, OpenApiV3Documents::hasKubernetesSchema,
            "v1.33.0", Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

    private JsonNode doc(String key) throws IOException {
        return MAPPER.readTree(docs.groupVersion(key).orElseThrow());
    }

    @Test
    void rootListsEveryGroupVersionWithItsHash() throws IOException {
        JsonNode root = MAPPER.readTree(docs.root());
        assertEquals(List.of("api/v1", "apis/apps/v1", "apis/example.com/v1"), docs.groupVersions());
        for (String key : docs.groupVersions()) {
            String hash = docs.hash(key).orElseThrow();
            assertEquals(128, hash.length());
            assertEquals(hash, hash.toUpperCase());
            assertEquals("/openapi/v3/" + key + "?hash=" + hash,
                    root.path("paths").path(key).path("serverRelativeURL").asText());
            assertEquals(hash, ContentHash.of(docs.groupVersion(key).orElseThrow()));
        }
    }

    @Test
    void groupVersionDocumentIsOpenApi3WithKindsListsAndMeta() throws IOException {
        JsonNode apps = doc("apis/apps/v1");
        assertEquals("3.0.0", apps.path("openapi").asText());
        assertTrue(apps.path("info").has("title"));
        JsonNode schemas = apps.path("components").path("schemas");
        assertEquals("apps", schemas.path(SchemaFixtures.DEPLOYMENT).path(GroupVersionSpec.GVK).get(0).path("group").asText());
        JsonNode list = schemas.path("io.k8s.api.apps.v1.DeploymentList");
        assertEquals("DeploymentList", list.path(GroupVersionSpec.GVK).get(0).path("kind").asText());
        assertEquals("#/components/schemas/io.k8s.api.apps.v1.Deployment",
                list.path("properties").path("items").path("items").path("$ref").asText());
        for (String meta : List.of(MetaV1Schemas.OBJECT_META, MetaV1Schemas.LIST_META, MetaV1Schemas.STATUS,
                MetaV1Schemas.DELETE_OPTIONS, MetaV1Schemas.WATCH_EVENT, MetaV1Schemas.PATCH, MetaV1Schemas.TIME)) {
            assertTrue(schemas.has(meta), meta);
        }
        assertTrue(schemas.has("io.k8s.api.core.v1.PodSpec"), "components reachable from the kind are published");
        assertFalse(schemas.has("io.k8s.api.core.v1.ConfigMap"), "other group-versions stay out");
    }

    @Test
    void everyReferenceResolves() throws IOException {
        for (String key : docs.groupVersions()) {
            JsonNode doc = doc(key);
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            for (String ref : refs) {
                assertTrue(ref.startsWith("#/components/schemas/"), ref);
                assertTrue(doc.path("components").path("schemas").has(ref.substring(21)), key + ": " + ref);
            }
        }
    }

    @Test
    void pathsCarryActionsGvkAndFieldValidation() throws IOException {
        JsonNode paths = doc("apis/apps/v1").path("paths");
        JsonNode named = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
        for (String method : List.of("get", "put", "patch", "delete")) {
            assertEquals("Deployment", named.path(method).path(GroupVersionSpec.GVK).path("kind").asText(), method);
        }
        assertEquals("patch", named.path("patch").path("x-kubernetes-action").asText());
        assertTrue(named.path("patch").path("requestBody").path("content")
                .has("application/strategic-merge-patch+json"));
        assertTrue(hasParameter(named.path("patch"), "fieldValidation"));
        JsonNode collection = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments");
        assertEquals("list", collection.path("get").path("x-kubernetes-action").asText());
        assertEquals("deletecollection", collection.path("delete").path("x-kubernetes-action").asText());
        assertEquals("post", collection.path("post").path("x-kubernetes-action").asText());
        assertTrue(paths.has("/apis/apps/v1/deployments"));
        assertTrue(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"));
    }

    @Test
    void customResourcesGetMetadataReferenceGvkAndNoStrategicMerge() throws IOException {
        JsonNode doc = doc("apis/example.com/v1");
        JsonNode widget = doc.path("components").path("schemas").path("com.example.v1.Widget");
        assertEquals("#/components/schemas/" + MetaV1Schemas.OBJECT_META,
                widget.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText());
        assertTrue(widget.path("properties").has("apiVersion"));
        assertEquals(MAPPER.readTree("[{\"group\":\"example.com\",\"kind\":\"Widget\",\"version\":\"v1\"}]"),
                widget.path(GroupVersionSpec.GVK));
        JsonNode patch = doc.path("paths").path("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}")
                .path("patch");
        assertFalse(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
        assertTrue(patch.path("requestBody").path("content").has("application/merge-patch+json"));
        assertTrue(doc.path("components").path("schemas").has("com.example.v1.WidgetList"));
    }

    @Test
    void typesSchemasAreNotModified() {
        ResourceType widgets = types.get(2);
        docs.root();
        assertFalse(widgets.schema().rootSchema().path("properties").has("metadata"));
        assertFalse(widgets.schema().rootSchema().has(GroupVersionSpec.GVK));
    }

    @Test
    void clusterScopedTypeWithoutSchemaIsPublishedOpen() throws IOException {
        types.add(SchemaFixtures.clusterThings());
        JsonNode doc = doc("apis/example.com/v1");
        assertTrue(doc.path("paths").has("/apis/example.com/v1/things/{name}"));
        JsonNode thing = doc.path("components").path("schemas").path("com.example.v1.Thing");
        assertTrue(thing.path("x-kubernetes-preserve-unknown-fields").asBoolean());
    }

    @Test
    void documentsAreRebuiltOnlyWhenTypesChange() {
        byte[] first = docs.groupVersion("apis/apps/v1").orElseThrow();
        long version = docs.version();
        assertSame(first, docs.groupVersion("apis/apps/v1").orElseThrow());
        assertEquals(version, docs.version());
        String exampleHash = docs.hash("apis/example.com/v1").orElseThrow();
        types.add(SchemaFixtures.clusterThings());
        assertEquals(version + 1, docs.version());
        assertArrayEquals(first, docs.groupVersion("apis/apps/v1").orElseThrow());
        assertNotEquals(exampleHash, docs.hash("apis/example.com/v1").orElseThrow());
        types.remove(2);
        types.remove(2);
        assertTrue(docs.groupVersion("apis/example.com/v1").isEmpty());
    }

    @Test
    void hashedUrlIsImmutableStaleHashRedirectsAndEtagRevalidates() {
        String hash = docs.hash("apis/apps/v1").orElseThrow();
        OpenApiReply fresh = docs.serve("/openapi/v3/apis/apps/v1", hash, null).orElseThrow();
        assertEquals(200, fresh.status());
        assertEquals("public, immutable", fresh.headers().get("Cache-Control"));
        assertEquals("application/json", fresh.headers().get("Content-Type"));
        assertEquals("Thu, 1 Jan 2026 00:00:00 GMT", fresh.headers().get("Expires"));
        assertEquals("\"" + hash + "\"", fresh.headers().get("ETag"));

        OpenApiReply stale = docs.serve("/openapi/v3/apis/apps/v1", "0BAD", null).orElseThrow();
        assertEquals(301, stale.status());
        assertEquals("/openapi/v3/apis/apps/v1?hash=" + hash, stale.headers().get("Location"));

        OpenApiReply unhashed = docs.serve("/openapi/v3/apis/apps/v1", null, null).orElseThrow();
        assertEquals("no-cache, private", unhashed.headers().get("Cache-Control"));
        assertEquals(304, docs.serve("/openapi/v3/apis/apps/v1", null, "\"" + hash + "\"").orElseThrow().status());
        assertEquals(200, docs.serve("/openapi/v3", null, null).orElseThrow().status());
        assertTrue(docs.serve("/openapi/v3/apis/nope/v1", null, null).isEmpty());
    }

    @Test
    void onlyAnnouncedVerbsGetOperations() throws IOException {
        types.add(ResourceType.builder("authentication.k8s.io", "v1", "TokenReview", "tokenreviews").clusterScoped()
                .verbs("create").build());
        JsonNode paths = doc("apis/authentication.k8s.io/v1").path("paths");
        assertEquals(List.of("post"), fieldNames(paths.path("/apis/authentication.k8s.io/v1/tokenreviews")));
        assertFalse(paths.has("/apis/authentication.k8s.io/v1/tokenreviews/{name}"));
    }

    @Test
    void operationIdsFollowKubernetesNaming() {
        assertEquals("CoreV1", ResourcePaths.operationStem("", "v1"));
        assertEquals("RbacAuthorizationV1", ResourcePaths.operationStem("rbac.authorization.k8s.io", "v1"));
        assertEquals("ExampleComV1beta1", ResourcePaths.operationStem("example.com", "v1beta1"));
        assertEquals("com.example.v1.Widget", GroupVersionSpec.defaultName(SchemaFixtures.widgets().gvk()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> {
            if (!n.equals("parameters")) {
                names.add(n);
            }
        });
        return names;
    }

    private static boolean hasParameter(JsonNode operation, String name) {
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("name").asText().equals(name) && p.path("in").asText().equals("query")) {
                return true;
            }
        }
        return false;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

}
