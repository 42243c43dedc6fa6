package io.timonel.plugins.controllers.replicaset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicaSetIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "replicaset,replicationcontroller")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private static List<Pod> owned(String ns, String uid) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences()
                        .stream().anyMatch(r -> uid.equals(r.getUid()) && Boolean.TRUE.equals(r.getController())))
                .toList();
    }

    @Test
    void createsAdoptsScalesDownAndReportsReadiness() {
        namespace("rs1");
        Map<String, String> labels = Map.of("app", "web");
        Pod orphan = client.pods().inNamespace("rs1").resource(new PodBuilder().withNewMetadata().withName("orphan")
                .withLabels(labels).endMetadata().withSpec(WorkloadFixtures.template(labels, "nginx").getSpec())
                .build()).create();
        ReplicaSet rs = client.apps().replicaSets().inNamespace("rs1").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "nginx")).endSpec().build()).create();
        String uid = rs.getMetadata().getUid();

        TestCluster.await("3 owned pods", Duration.ofSeconds(20), () -> owned("rs1", uid).size() == 3);
        Pod adopted = client.pods().inNamespace("rs1").withName("orphan").get();
        assertEquals(uid, adopted.getMetadata().getOwnerReferences().get(0).getUid(), "the orphan was adopted");
        List<Pod> pods = owned("rs1", uid);
        assertTrue(pods.stream().filter(p -> !p.getMetadata().getName().equals("orphan"))
                .allMatch(p -> p.getMetadata().getName().startsWith("web-")
                        && Boolean.TRUE.equals(p.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion())));

        WorkloadFixtures.markAllReady(client, "rs1", labels);
        TestCluster.await("3 ready", Duration.ofSeconds(20), () -> {
            var status = client.apps().replicaSets().inNamespace("rs1").withName("web").get().getStatus();
            return status != null && Integer.valueOf(3).equals(status.getReadyReplicas())
                    && Integer.valueOf(3).equals(status.getAvailableReplicas())
                    && Integer.valueOf(3).equals(status.getFullyLabeledReplicas());
        });

        // a pod that stops matching is released and replaced
        Pod first = owned("rs1", uid).get(0);
        client.pods().inNamespace("rs1").withName(first.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().withLabels(Map.of("app", "other")).endMetadata().build());
        TestCluster.await("released and replaced", Duration.ofSeconds(20), () -> {
            Pod released = client.pods().inNamespace("rs1").withName(first.getMetadata().getName()).get();
            return (released.getMetadata().getOwnerReferences() == null
                    || released.getMetadata().getOwnerReferences().isEmpty()) && owned("rs1", uid).size() == 3;
        });

        client.apps().replicaSets().inNamespace("rs1").withName("web").scale(1);
        TestCluster.await("scaled to 1", Duration.ofSeconds(20), () -> owned("rs1", uid).size() == 1
                && Integer.valueOf(1).equals(client.apps().replicaSets().inNamespace("rs1").withName("web").get()
                .getStatus().getReplicas()));
        assertTrue(client.v1().events().inNamespace("rs1").list().getItems().stream()
                .anyMatch(e -> "SuccessfulDelete".equals(e.getReason())));
    }

    @Test
    void createsManyPodsQuickly() {
        namespace("rs2");
        Map<String, String> labels = Map.of("app", "many");
        ReplicaSet rs = client.apps().replicaSets().inNamespace("rs2").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("many").endMetadata()
                .withNewSpec().withReplicas(300).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "nginx")).endSpec().build()).create();
        long start = System.nanoTime();
        TestCluster.await("300 pods", Duration.ofSeconds(30), () -> {
            var status = client.apps().replicaSets().inNamespace("rs2").withName("many").get().getStatus();
            return status != null && Integer.valueOf(300).equals(status.getReplicas());
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(300, owned("rs2", rs.getMetadata().getUid()).size(), "no pod over-created");
        System.out.println("300 pods in " + millis + " ms");
    }

    @Test
    void replicationControllerKeepsItsReplicas() {
        namespace("rc1");
        Map<String, String> labels = Map.of("app", "legacy");
        var rc = client.replicationControllers().inNamespace("rc1").resource(new ReplicationControllerBuilder()
                .withNewMetadata().withName("legacy").endMetadata()
                .withNewSpec().withReplicas(2).withSelector(labels)
                .withTemplate(WorkloadFixtures.template(labels, "nginx")).endSpec().build()).create();
        TestCluster.await("2 pods", Duration.ofSeconds(20), () -> owned("rc1", rc.getMetadata().getUid()).size() == 2);
        TestCluster.await("status", Duration.ofSeconds(20), () -> {
            var status = client.replicationControllers().inNamespace("rc1").withName("legacy").get().getStatus();
            return status != null && Integer.valueOf(2).equals(status.getReplicas());
        });
    }
}
