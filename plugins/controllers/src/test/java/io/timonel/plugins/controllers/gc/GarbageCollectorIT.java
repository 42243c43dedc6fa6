package io.timonel.plugins.controllers.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cascading deletion as the API asks for it, on ConfigMaps (and a Secret) owned by ConfigMaps. */
class GarbageCollectorIT {
    private static final String NS = "gc";
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "garbagecollector",
                        "garbagecollector-discovery-seconds", "1")));
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void backgroundDeletionRemovesDependentsAfterTheOwner() {
        ConfigMap owner = configMap("bg-owner", null, List.of());
        configMap("bg-dep-1", owner, List.of());
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("bg-dep-2")
                .withOwnerReferences(reference(owner, false)).endMetadata().build()).create();

        client.configMaps().inNamespace(NS).withName("bg-owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        TestCluster.await("dependents deleted", LIMIT, () -> get("bg-dep-1") == null
                && client.secrets().inNamespace(NS).withName("bg-dep-2").get() == null);
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        ConfigMap owner = configMap("fg-owner", null, List.of());
        configMap("fg-dep-held", owner, List.of("example.com/hold"));
        configMap("fg-dep", owner, List.of());

        client.configMaps().inNamespace(NS).withName("fg-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        TestCluster.await("plain dependent deleted", LIMIT, () -> get("fg-dep") == null);
        TestCluster.await("held dependent being deleted", LIMIT,
                () -> get("fg-dep-held").getMetadata().getDeletionTimestamp() != null);
        ConfigMap waiting = get("fg-owner");
        assertNotNull(waiting, "the owner waits for its blocking dependents");
        assertNotNull(waiting.getMetadata().getDeletionTimestamp());
        assertTrue(waiting.getMetadata().getFinalizers().contains("foregroundDeletion"));

        client.configMaps().inNamespace(NS).withName("fg-dep-held").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });

        TestCluster.await("owner deleted last", LIMIT, () -> get("fg-owner") == null && get("fg-dep-held") == null);
    }

    @Test
    void orphanDeletionKeepsDependentsWithoutTheReference() {
        ConfigMap owner = configMap("or-owner", null, List.of());
        ConfigMap other = configMap("or-other-owner", null, List.of());
        configMap("or-dep", owner, List.of());
        ConfigMap twoOwners = new ConfigMapBuilder().withNewMetadata().withName("or-dep-2")
                .withOwnerReferences(reference(owner, true), reference(other, false)).endMetadata().build();
        client.configMaps().inNamespace(NS).resource(twoOwners).create();

        client.configMaps().inNamespace(NS).withName("or-owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        TestCluster.await("owner deleted", LIMIT, () -> get("or-owner") == null);
        TestCluster.await("references dropped", LIMIT, () -> get("or-dep").getMetadata().getOwnerReferences().isEmpty());
        assertEquals(List.of("or-other-owner"), get("or-dep-2").getMetadata().getOwnerReferences().stream()
                .map(r -> r.getName()).toList());
    }

    @Test
    void referenceToAReplacedOwnerCountsAsGone() {
        ConfigMap owner = configMap("uid-owner", null, List.of());
        ConfigMap stale = new ConfigMapBuilder(owner).editMetadata().withUid("00000000-0000-0000-0000-000000000000")
                .endMetadata().build();
        configMap("uid-dep", stale, List.of());
        configMap("uid-dep-ok", owner, List.of());

        TestCluster.await("dependent of a stale uid deleted", LIMIT, () -> get("uid-dep") == null);
        assertNotNull(get("uid-dep-ok"));
    }

    @Test
    void customResourcesOwnAndAreOwned() {
        client.apiextensions().v1().customResourceDefinitions().resource(new io.fabric8.kubernetes.api.model.apiextensions.v1
                .CustomResourceDefinitionBuilder().withNewMetadata().withName("widgets.gc.example.com").endMetadata()
                .withNewSpec().withGroup("gc.example.com").withScope("Namespaced")
                .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema()
                .withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema()
                .endSchema().endVersion().endSpec().build()).create();
        var widgets = client.genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
                .Builder().withGroup("gc.example.com").withVersion("v1").withKind("Widget").withPlural("widgets")
                .withNamespaced(true).build()).inNamespace(NS);
        TestCluster.await("widgets served", LIMIT, () -> {
            try {
                widgets.list();
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        var widget = widgets.resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("gc.example.com/v1").withKind("Widget").withNewMetadata().withName("w").withNamespace(NS)
                .endMetadata().build()).create();
        ConfigMap owned = client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cr-dep").withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("gc.example.com/v1")
                        .withKind("Widget").withName("w").withUid(widget.getMetadata().getUid()).build())
                .endMetadata().build()).create();
        ConfigMap owner = configMap("cr-owner", null, List.of());
        widgets.resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("gc.example.com/v1").withKind("Widget").withNewMetadata().withName("w2").withNamespace(NS)
                .withOwnerReferences(reference(owner, false)).endMetadata().build()).create();
        assertNotNull(owned);

        widgets.withName("w").delete();
        client.configMaps().inNamespace(NS).withName("cr-owner").delete();

        TestCluster.await("the widget's config map deleted", LIMIT, () -> get("cr-dep") == null);
        TestCluster.await("the config map's widget deleted", LIMIT, () -> widgets.withName("w2").get() == null);
    }

    private static ConfigMap configMap(String name, ConfigMap owner, List<String> finalizers) {
        ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withFinalizers(finalizers).endMetadata().addToData("k", "v");
        if (owner != null) {
            builder.editMetadata().withOwnerReferences(reference(owner, true)).endMetadata();
        }
        return client.configMaps().inNamespace(NS).resource(builder.build()).create();
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference reference(ConfigMap owner, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(block).build();
    }

    private static ConfigMap get(String name) {
        return client.configMaps().inNamespace(NS).withName(name).get();
    }
}
