package io.timonel.plugins.coreapi.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.EventsV1Event;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.timonel.plugins.coreapi.core.CoreV1Types;
import io.timonel.spi.resource.GroupVersionKind;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSchemasTest {

    private final ModelSchemas schemas = new ModelSchemas(CoreV1Types.MODELS);

    private OpenApiSchema deployment() {
        return schemas.schemaOf(V1Deployment.class, new GroupVersionKind("apps", "v1", "Deployment"));
    }

    private OpenApiSchema pod() {
        return schemas.schemaOf(V1Pod.class, new GroupVersionKind("", "v1", "Pod"));
    }

    @Test
    void componentsAreNamedAsInKubernetesOpenApi() {
        OpenApiSchema schema = deployment();
        assertEquals("io.k8s.api.apps.v1.Deployment", schema.root());
        assertTrue(schema.components().containsKey("io.k8s.api.apps.v1.DeploymentSpec"));
        assertTrue(schema.components().containsKey("io.k8s.api.core.v1.PodSpec"));
        assertTrue(schema.components().containsKey("io.k8s.api.core.v1.PodTemplateSpec"));
        assertTrue(schema.components().containsKey("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assertTrue(schema.components().containsKey("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"));
        assertEquals("io.k8s.api.events.v1.Event", schemas.schemaOf(EventsV1Event.class,
                new GroupVersionKind("events.k8s.io", "v1", "Event")).root());
        assertEquals("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", schemas.schemaOf(
                V2HorizontalPodAutoscaler.class, new GroupVersionKind("autoscaling", "v2", "HorizontalPodAutoscaler"))
                .root());
        OpenApiSchema crd = schemas.schemaOf(V1CustomResourceDefinition.class,
                new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition"));
        assertEquals("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", crd.root());
        assertTrue(crd.components().containsKey(
                "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"));
    }

    @Test
    void containerPortProtocolDefaultsToTcpAsServerSideApplyNeedsForItsListKey() {
        JsonNode port = deployment().components().get("io.k8s.api.core.v1.ContainerPort");
        assertEquals("TCP", port.path("properties").path("protocol").path("default").asText());
    }

    @Test
    void deploymentReplicasIsADescribedInt32() {
        OpenApiSchema schema = deployment();
        JsonNode spec = schema.components().get("io.k8s.api.apps.v1.DeploymentSpec");
        JsonNode replicas = spec.path("properties").path("replicas");
        assertEquals("integer", replicas.path("type").asText());
        assertEquals("int32", replicas.path("format").asText());
        assertFalse(replicas.path("description").asText().isEmpty());
        assertEquals(List.of("selector", "template"), texts(spec.path("required")));
        assertFalse(schema.rootSchema().path("description").asText().isEmpty());
    }

    @Test
    void describedReferencesUseAllOfAndResolve() {
        OpenApiSchema schema = deployment();
        JsonNode metadata = schema.rootSchema().path("properties").path("metadata");
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                metadata.path("allOf").path(0).path("$ref").asText());
        assertFalse(metadata.path("description").asText().isEmpty());
        assertEquals(schema.components().get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                schema.resolve(metadata));
    }

    @Test
    void podSpecListsCarryKubernetesMergeSemantics() {
        JsonNode podSpec = pod().components().get("io.k8s.api.core.v1.PodSpec").path("properties");
        JsonNode containers = podSpec.path("containers");
        assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
        assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
        assertEquals("map", containers.path("x-kubernetes-list-type").asText());
        assertEquals(List.of("name"), texts(containers.path("x-kubernetes-list-map-keys")));
        assertEquals("merge,retainKeys", podSpec.path("volumes").path("x-kubernetes-patch-strategy").asText());
        assertEquals("atomic", podSpec.path("tolerations").path("x-kubernetes-list-type").asText());
        JsonNode ports = pod().components().get("io.k8s.api.core.v1.Container").path("properties").path("ports");
        assertEquals("containerPort", ports.path("x-kubernetes-patch-merge-key").asText());
        assertEquals(List.of("containerPort", "protocol"), texts(ports.path("x-kubernetes-list-map-keys")));
        JsonNode meta = pod().components().get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties");
        assertEquals("uid", meta.path("ownerReferences").path("x-kubernetes-patch-merge-key").asText());
        assertEquals("set", meta.path("finalizers").path("x-kubernetes-list-type").asText());
        JsonNode servicePorts = schemas.schemaOf(V1Service.class, new GroupVersionKind("", "v1", "Service"))
                .components().get("io.k8s.api.core.v1.ServiceSpec").path("properties").path("ports");
        assertEquals(List.of("port", "protocol"), texts(servicePorts.path("x-kubernetes-list-map-keys")));
        assertEquals("retainKeys", deployment().components().get("io.k8s.api.apps.v1.DeploymentSpec")
                .path("properties").path("strategy").path("x-kubernetes-patch-strategy").asText());
    }

    @Test
    void javaTypesMapToOpenApiTypes() {
        OpenApiSchema pod = pod();
        JsonNode meta = pod.components().get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties");
        assertEquals("date-time", meta.path("creationTimestamp").path("format").asText());
        assertEquals("string", meta.path("labels").path("additionalProperties").path("type").asText());
        assertEquals("int64", meta.path("generation").path("format").asText());
        JsonNode container = pod.components().get("io.k8s.api.core.v1.Container").path("properties");
        assertEquals("array", container.path("command").path("type").asText());
        assertEquals("string", container.path("command").path("items").path("type").asText());
        JsonNode resources = pod.components().get("io.k8s.api.core.v1.ResourceRequirements").path("properties");
        assertTrue(resources.path("limits").path("additionalProperties").path("x-kubernetes-int-or-string").asBoolean());
        JsonNode httpGet = pod.components().get("io.k8s.api.core.v1.HTTPGetAction").path("properties");
        assertTrue(httpGet.path("port").path("x-kubernetes-int-or-string").asBoolean());
        JsonNode owner = pod.components().get("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry")
                .path("properties");
        assertTrue(owner.path("fieldsV1").path("x-kubernetes-preserve-unknown-fields").asBoolean());
        assertEquals(List.of("name"), texts(pod.components().get("io.k8s.api.core.v1.Container").path("required")));
    }

    @Test
    void rootCarriesItsGroupVersionKind() {
        JsonNode gvk = deployment().rootSchema().path("x-kubernetes-group-version-kind").path(0);
        assertEquals("apps", gvk.path("group").asText());
        assertEquals("v1", gvk.path("version").asText());
        assertEquals("Deployment", gvk.path("kind").asText());
    }

    @Test
    void everyReferenceResolvesWithinTheSchema() {
        for (OpenApiSchema schema : List.of(deployment(), pod())) {
            List<String> refs = new ArrayList<>();
            schema.components().values().forEach(c -> collectRefs(c, refs));
            assertFalse(refs.isEmpty());
            for (String ref : refs) {
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                assertNotNull(schema.components().get(name), schema.root() + " misses " + name);
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.has("$ref")) {
            into.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, into));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
