package io.timonel.plugins.controllers.statefulset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.plugins.controllers.replicaset.WorkloadFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatefulSetIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "statefulset")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Pod pod(String ns, String name) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        return pod == null || pod.getMetadata().getDeletionTimestamp() != null ? null : pod;
    }

    private static StatefulSet get(String ns, String name) {
        return client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }

    private static String revision(Pod pod) {
        return pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    @Test
    void startsPodsInOrderAndUpdatesFromThePartitionUp() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sts1").endMetadata().build())
                .create();
        Map<String, String> labels = Map.of("app", "db");
        client.apps().statefulSets().inNamespace("sts1").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("db")
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "db:1"))
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .endSpec().build()).create();

        for (int i = 0; i < 3; i++) {
            String name = "db-" + i;
            TestCluster.await(name, Duration.ofSeconds(20), () -> pod("sts1", name) != null);
            Thread.sleep(300); // the next one must not come before this one is ready
            assertNull(pod("sts1", "db-" + (i + 1)), "db-" + (i + 1) + " before " + name + " is ready");
            Pod pod = pod("sts1", name);
            assertEquals(name, pod.getSpec().getHostname());
            assertEquals("db", pod.getSpec().getSubdomain());
            assertEquals(name, pod.getMetadata().getLabels().get("statefulset.kubernetes.io/pod-name"));
            assertEquals(Integer.toString(i), pod.getMetadata().getLabels().get("apps.kubernetes.io/pod-index"));
            assertEquals("data-db-" + i, pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
            assertNotNull(client.persistentVolumeClaims().inNamespace("sts1").withName("data-db-" + i).get());
            WorkloadFixtures.markReady(client, pod);
        }
        TestCluster.await("3 ready", Duration.ofSeconds(20), () -> {
            var s = get("sts1", "db").getStatus();
            return s != null && Integer.valueOf(3).equals(s.getReadyReplicas())
                    && s.getCurrentRevision() != null && s.getCurrentRevision().equals(s.getUpdateRevision());
        });
        String firstRevision = get("sts1", "db").getStatus().getCurrentRevision();
        assertEquals(firstRevision, revision(pod("sts1", "db-0")));

        // partitioned update: only ordinals >= 2 move to the new revision
        client.apps().statefulSets().inNamespace("sts1").withName("db").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}},"
                        + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"db:2\"}]}}}}");
        TestCluster.await("db-2 at the new revision", Duration.ofSeconds(20), () -> {
            Pod p = pod("sts1", "db-2");
            return p != null && !firstRevision.equals(revision(p));
        });
        WorkloadFixtures.markReady(client, pod("sts1", "db-2"));
        TestCluster.await("status shows 1 updated", Duration.ofSeconds(20), () -> {
            var s = get("sts1", "db").getStatus();
            return Integer.valueOf(1).equals(s.getUpdatedReplicas()) && Integer.valueOf(3).equals(s.getReadyReplicas())
                    && !s.getUpdateRevision().equals(s.getCurrentRevision());
        });
        assertEquals(firstRevision, revision(pod("sts1", "db-1")));
        assertEquals(firstRevision, revision(pod("sts1", "db-0")));
        assertEquals(2, client.apps().controllerRevisions().inNamespace("sts1").list().getItems().size());

        // scale down removes the highest ordinals and keeps their claims
        client.apps().statefulSets().inNamespace("sts1").withName("db").scale(1);
        TestCluster.await("scaled to 1", Duration.ofSeconds(20),
                () -> pod("sts1", "db-2") == null && pod("sts1", "db-1") == null && pod("sts1", "db-0") != null);
        assertNotNull(client.persistentVolumeClaims().inNamespace("sts1").withName("data-db-2").get());
    }

    @Test
    void parallelPolicyCreatesAllAtOnce() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sts2").endMetadata().build())
                .create();
        Map<String, String> labels = Map.of("app", "cache");
        client.apps().statefulSets().inNamespace("sts2").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("cache").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("cache").withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "cache:1")).endSpec().build()).create();
        TestCluster.await("3 pods without readiness", Duration.ofSeconds(20),
                () -> pod("sts2", "cache-0") != null && pod("sts2", "cache-1") != null && pod("sts2", "cache-2") != null);
    }
}
