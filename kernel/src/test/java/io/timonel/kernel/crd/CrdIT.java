package io.timonel.kernel.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CustomResourceDefinitions end to end through the kernel's REST API, with a fabric8 client. */
class CrdIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("crd-it").endMetadata().build())
                .create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A CRD in {@code group} from YAML-ish JSON; {@code versions} is the JSON array of versions. */
    private static CustomResourceDefinition crd(String plural, String kind, String group, String versions) {
        return Serialization.unmarshal(("{'apiVersion': 'apiextensions.k8s.io/v1', 'kind': 'CustomResourceDefinition',"
                + " 'metadata': {'name': '" + plural + "." + group + "'}, 'spec': {'group': '" + group + "',"
                + " 'scope': 'Namespaced', 'names': {'plural': '" + plural + "', 'kind': '" + kind + "'},"
                + " 'versions': " + versions + "}}").replace('\'', '"'), CustomResourceDefinition.class);
    }

    private static String version(String name, boolean storage, String specProperties) {
        return "{'name': '" + name + "', 'served': true, 'storage': " + storage + ", 'schema': {'openAPIV3Schema':"
                + " {'type': 'object', 'properties': {'spec': {'type': 'object', 'default': {}, 'properties': "
                + specProperties + "}}}}}";
    }

    private static CustomResourceDefinition establish(CustomResourceDefinition crd) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        String name = crd.getMetadata().getName();
        TestCluster.await("CRD " + name + " established", WAIT, () -> "True".equals(condition(name, "Established")));
        return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    }

    private static String condition(String crd, String type) {
        CustomResourceDefinition c = client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
        if (c == null || c.getStatus() == null || c.getStatus().getConditions() == null) {
            return null;
        }
        return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(type))
                .map(x -> x.getStatus() + (x.getStatus().equals("False") ? ":" + x.getReason() : "")).findFirst()
                .orElse(null);
    }

    private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }

    private static GenericKubernetesResource cr(String apiVersion, String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        if (spec != null) {
            r.setAdditionalProperty("spec", spec);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Object spec(GenericKubernetesResource r, String field) {
        return ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get(field);
    }

    @Test
    void defaultsApplyOnWriteNestedInADefaultedObjectAndOnReadAfterTheSchemaGainsOne() {
        establish(crd("lamps", "Lamp", "defaults.example.com", "[" + version("v1", true,
                "{'watts': {'type': 'integer', 'default': 60}}") + "]"));
        ResourceDefinitionContext lamps = context("defaults.example.com", "v1", "lamps", "Lamp");
        GenericKubernetesResource created = client.genericKubernetesResources(lamps).inNamespace("crd-it")
                .resource(cr("defaults.example.com/v1", "Lamp", "desk", null)).create();
        assertEquals(60, spec(created, "watts"));
        assertNull(spec(created, "color"));

        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("lamps.defaults.example.com").get();
        crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
                .getProperties().put("color", Serialization.unmarshal("{\"type\": \"string\", \"default\": \"white\"}",
                        io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps.class));
        client.apiextensions().v1().customResourceDefinitions().resource(crd).update();
        TestCluster.await("the new default served on get", WAIT, () -> "white".equals(
                spec(client.genericKubernetesResources(lamps).inNamespace("crd-it").withName("desk").get(), "color")));
        GenericKubernetesResource listed = client.genericKubernetesResources(lamps).inNamespace("crd-it").list()
                .getItems().get(0);
        assertEquals("white", spec(listed, "color"));
    }

    @Test
    void nonStructuralSchemaIsRefusedWith422AndTheReason() {
        CustomResourceDefinition bad = crd("pipes", "Pipe", "structural.example.com", "[{'name': 'v1', 'served': true,"
                .replace('\'', '"') + "\"storage\": true, \"schema\": {\"openAPIV3Schema\": {\"type\": \"object\","
                + " \"properties\": {\"spec\": {\"properties\": {}}}}}}]");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.apiextensions().v1().customResourceDefinitions().resource(bad).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getStatus().getDetails().getCauses().stream().anyMatch(c -> c.getField()
                .equals("spec.versions[0].schema.openAPIV3Schema.properties[spec].type")
                && c.getMessage().contains("must not be empty for specified object fields")), e.getMessage());
    }

    @Test
    void nameClashGetsNamesAcceptedFalseAndIsNotServed() {
        establish(crd("bolts", "Bolt", "clash.example.com", "[" + version("v1", true, "{}") + "]"));
        client.apiextensions().v1().customResourceDefinitions()
                .resource(crd("screws", "Bolt", "clash.example.com", "[" + version("v1", true, "{}") + "]")).create();
        TestCluster.await("NamesAccepted=False", WAIT,
                () -> "False:SingularConflict".equals(condition("screws.clash.example.com", "NamesAccepted")));
        assertEquals("False:NotAccepted", condition("screws.clash.example.com", "Established"));
        List<String> served = client.getApiResources("clash.example.com/v1").getResources().stream()
                .map(r -> r.getName()).toList();
        assertEquals(List.of("bolts"), served);

        client.apiextensions().v1().customResourceDefinitions().withName("bolts.clash.example.com").delete();
        TestCluster.await("the clash resolved once the holder is gone", WAIT,
                () -> "True".equals(condition("screws.clash.example.com", "Established")));
    }

    @Test
    void twoVersionsServeTheSameObjectsWithTheirOwnApiVersion() throws Exception {
        CustomResourceDefinition crd = establish(crd("valves", "Valve", "versions.example.com", "["
                + version("v1", true, "{'open': {'type': 'boolean'}}") + ", "
                + version("v2", false, "{'open': {'type': 'boolean'}}") + "]"));
        assertEquals(List.of("v1"), crd.getStatus().getStoredVersions());
        ResourceDefinitionContext v1 = context("versions.example.com", "v1", "valves", "Valve");
        ResourceDefinitionContext v2 = context("versions.example.com", "v2", "valves", "Valve");
        BlockingQueue<GenericKubernetesResource> events = new ArrayBlockingQueue<>(10);
        try (var watch = client.genericKubernetesResources(v2).inNamespace("crd-it").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.offer(resource);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.genericKubernetesResources(v1).inNamespace("crd-it")
                    .resource(cr("versions.example.com/v1", "Valve", "main", Map.of("open", true))).create();
            assertEquals("versions.example.com/v2",
                    client.genericKubernetesResources(v2).inNamespace("crd-it").withName("main").get().getApiVersion());
            assertEquals("versions.example.com/v2",
                    client.genericKubernetesResources(v2).inNamespace("crd-it").list().getItems().get(0).getApiVersion());
            assertEquals("versions.example.com/v1",
                    client.genericKubernetesResources(v1).inNamespace("crd-it").list().getItems().get(0).getApiVersion());
            GenericKubernetesResource event = events.poll(10, TimeUnit.SECONDS);
            assertEquals("versions.example.com/v2", event.getApiVersion());
        }
    }

    @Test
    void schemaChangesApplyToNewWrites() {
        establish(crd("gears", "Gear", "update.example.com", "[" + version("v1", true,
                "{'teeth': {'type': 'integer'}}") + "]"));
        ResourceDefinitionContext gears = context("update.example.com", "v1", "gears", "Gear");
        client.genericKubernetesResources(gears).inNamespace("crd-it")
                .resource(cr("update.example.com/v1", "Gear", "big", Map.of("teeth", 90))).create();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("gears.update.example.com").get();
        crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
                .getProperties().get("teeth").setMaximum(50.0);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).update();
        TestCluster.await("the new maximum enforced", WAIT, () -> {
            try {
                client.genericKubernetesResources(gears).inNamespace("crd-it")
                        .resource(cr("update.example.com/v1", "Gear", "probe", Map.of("teeth", 60))).create();
                client.genericKubernetesResources(gears).inNamespace("crd-it").withName("probe").delete();
                return false;
            } catch (KubernetesClientException e) {
                return e.getCode() == 422;
            }
        });
    }

    @Test
    void customResourceNamesMustBeDnsSubdomainsAndSelectableFieldsFilter() {
        establish(Serialization.unmarshal(Serialization.asJson(crd("knobs", "Knob", "fields.example.com", "["
                + version("v1", true, "{'color': {'type': 'string'}}").replace("'schema'",
                "'selectableFields': [{'jsonPath': '.spec.color'}], 'schema'") + "]")),
                CustomResourceDefinition.class));
        ResourceDefinitionContext knobs = context("fields.example.com", "v1", "knobs", "Knob");
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () ->
                client.genericKubernetesResources(knobs).inNamespace("crd-it")
                        .resource(cr("fields.example.com/v1", "Knob", "Bad_Name", null)).create());
        assertEquals(422, e.getCode());
        client.genericKubernetesResources(knobs).inNamespace("crd-it")
                .resource(cr("fields.example.com/v1", "Knob", "red", Map.of("color", "red"))).create();
        client.genericKubernetesResources(knobs).inNamespace("crd-it")
                .resource(cr("fields.example.com/v1", "Knob", "blue", Map.of("color", "blue"))).create();
        List<String> red = client.genericKubernetesResources(knobs).inNamespace("crd-it")
                .withField("spec.color", "red").list().getItems().stream().map(r -> r.getMetadata().getName()).toList();
        assertEquals(List.of("red"), red);
    }

    @Test
    void crdShippedByAPluginIsInstalledAndServed() {
        TestCluster.await("gizmos established", WAIT,
                () -> "True".equals(condition("gizmos.plugin.timonel.io", "Established")));
        GenericKubernetesResource g = client.genericKubernetesResources(
                        context("plugin.timonel.io", "v1", "gizmos", "Gizmo")).inNamespace("crd-it")
                .resource(cr("plugin.timonel.io/v1", "Gizmo", "g", Map.of())).create();
        assertEquals(3, spec(g, "size"));
        assertFalse(client.getApiResources("plugin.timonel.io/v1").getResources().isEmpty());
    }
}
