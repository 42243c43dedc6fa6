package io.timonel.kernel.api;

import static io.timonel.kernel.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API server driven by the fabric8 client, as a Java controller would drive it. */
class KernelApiIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void boot() throws Exception {
        cluster = TestCluster.start(50);
        client = cluster.client();
    }

    @AfterAll
    static void shutDown() {
        cluster.close();
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("app", "it").endMetadata()
                .withData(data).build();
    }

    @Test
    void systemNamespacesExistAndNewOnesAreActive() {
        assertNotNull(client.namespaces().withName("kube-system").get());
        namespace("it-active");
        assertEquals("Active", client.namespaces().withName("it-active").get().getStatus().getPhase());
    }

    @Test
    void createdObjectsGetUidResourceVersionAndTimestamp() {
        String ns = namespace("it-meta");
        ConfigMap created = client.configMaps().inNamespace(ns).resource(configMap("a", Map.of("k", "v"))).create();
        assertNotNull(created.getMetadata().getUid());
        assertNotNull(created.getMetadata().getResourceVersion());
        assertTrue(created.getMetadata().getCreationTimestamp().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        ConfigMap read = client.configMaps().inNamespace(ns).withName("a").get();
        assertEquals(created.getMetadata().getUid(), read.getMetadata().getUid());
        assertEquals(Map.of("k", "v"), read.getData());
    }

    @Test
    void updateWithStaleResourceVersionIsAConflict() {
        String ns = namespace("it-conflict");
        ConfigMap created = client.configMaps().inNamespace(ns).resource(configMap("c", Map.of("v", "1"))).create();
        client.configMaps().inNamespace(ns).withName("c").edit(cm -> {
            cm.getData().put("v", "2");
            return cm;
        });
        created.getData().put("v", "3");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace(ns).resource(created).update());
        assertEquals(409, e.getCode());
        assertEquals("2", client.configMaps().inNamespace(ns).withName("c").get().getData().get("v"));
    }

    @Test
    void missingObjectsAreNotFoundAndDuplicatesAlreadyExist() {
        String ns = namespace("it-errors");
        assertNull(client.configMaps().inNamespace(ns).withName("nope").get());
        client.configMaps().inNamespace(ns).resource(configMap("dup", Map.of())).create();
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace(ns).resource(configMap("dup", Map.of())).create());
        assertEquals(409, e.getCode());
        assertEquals("AlreadyExists", e.getStatus().getReason());
    }

    @Test
    void nothingIsCreatedInAMissingNamespace() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace("no-such-ns").resource(configMap("x", Map.of())).create());
        assertEquals(404, e.getCode());
    }

    @Test
    void listsFilterByLabelAndPage() {
        String ns = namespace("it-list");
        for (int i = 0; i < 12; i++) {
            ConfigMap cm = configMap("page-" + (10 + i), Map.of());
            cm.getMetadata().getLabels().put("half", i % 2 == 0 ? "even" : "odd");
            client.configMaps().inNamespace(ns).resource(cm).create();
        }
        assertEquals(6, client.configMaps().inNamespace(ns).withLabel("half", "even").list().getItems().size());
        var firstPage = client.configMaps().inNamespace(ns).list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(5L).build());
        assertEquals(5, firstPage.getItems().size());
        assertNotNull(firstPage.getMetadata().getContinue());
        assertEquals(7L, firstPage.getMetadata().getRemainingItemCount());
        var secondPage = client.configMaps().inNamespace(ns).list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(5L).withContinue(firstPage.getMetadata().getContinue()).build());
        assertEquals("page-15", secondPage.getItems().get(0).getMetadata().getName());
    }

    @Test
    void informerListsThenWatches() throws Exception {
        String ns = namespace("it-informer");
        client.configMaps().inNamespace(ns).resource(configMap("before", Map.of())).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        seen.add("add " + obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                            seen.add("update " + newObj.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.add("delete " + obj.getMetadata().getName());
                    }
                })) {
            await("the informer's initial list", WAIT, () -> seen.contains("add before"));
            client.configMaps().inNamespace(ns).resource(configMap("after", Map.of())).create();
            client.configMaps().inNamespace(ns).withName("after").edit(cm -> {
                cm.setData(Map.of("x", "y"));
                return cm;
            });
            client.configMaps().inNamespace(ns).withName("after").delete();
            await("add, update and delete of 'after'", WAIT,
                    () -> seen.containsAll(List.of("add after", "update after", "delete after")));
            assertTrue(seen.indexOf("add after") < seen.indexOf("update after"));
            assertTrue(seen.indexOf("update after") < seen.indexOf("delete after"));
            assertEquals(1, informer.getStore().list().size());
        }
    }

    @Test
    void watchFromAResourceVersionOutOfHistoryIsGone() throws Exception {
        String ns = namespace("it-gone");
        String oldVersion = client.configMaps().inNamespace(ns).resource(configMap("old", Map.of())).create()
                .getMetadata().getResourceVersion();
        for (int i = 0; i < 60; i++) { // the cluster keeps 50 events of history
            client.configMaps().inNamespace(ns).resource(configMap("churn-" + i, Map.of())).create();
        }
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try (var ignored = client.configMaps().inNamespace(ns).withResourceVersion(oldVersion).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        })) {
            WatcherException cause = closed.get(10, TimeUnit.SECONDS);
            assertTrue(cause.isHttpGone(), "want 410 Gone, got " + cause);
        }
    }

    @Test
    void deletingANamespaceDeletesItsContents() {
        String ns = namespace("it-doomed");
        client.configMaps().inNamespace(ns).resource(configMap("inside", Map.of())).create();
        client.namespaces().withName(ns).delete();
        await("the namespace to go", WAIT, () -> client.namespaces().withName(ns).get() == null);
        assertNull(client.configMaps().inNamespace(ns).withName("inside").get());
    }

    @Test
    void scaleSubresourceReadsAndWritesReplicas() {
        String ns = namespace("it-scale");
        client.apps().deployments().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("d").endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
        client.apps().deployments().inNamespace(ns).withName("d").scale(5);
        assertEquals(5, client.apps().deployments().inNamespace(ns).withName("d").get().getSpec().getReplicas());
        assertNotEquals(null, client.apps().deployments().inNamespace(ns).withName("d").scale());
    }
}
