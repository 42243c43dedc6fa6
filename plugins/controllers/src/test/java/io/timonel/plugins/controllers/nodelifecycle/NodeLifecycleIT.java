package io.timonel.plugins.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeLifecycleIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "nodelifecycle",
                        "node-monitor-grace-period", "3s", "node-monitor-period", "500ms")));
        client = cluster.client();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-node-lease")
                    .endMetadata().build()).create();
        } catch (KubernetesClientException exists) {
            // the kernel made it
        }
        // One node keeps heartbeating: with every node down, Kubernetes (and Timonel) evict nothing.
        node("healthy");
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                heartbeat("healthy");
            } catch (RuntimeException e) {
                // the next beat will do
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static final java.util.concurrent.ScheduledExecutorService heartbeats =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stop() {
        heartbeats.shutdownNow();
        cluster.close();
    }

    private static void node(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        heartbeat(name);
    }

    /** What a kubelet does: Ready=True with a fresh heartbeat, and the Lease renewed. */
    private static void heartbeat(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Node node = client.nodes().withName(name).get();
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withConditions(
                new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withLastHeartbeatTime(now).withLastTransitionTime(now).build()).build());
        client.nodes().resource(node).updateStatus();
        ZonedDateTime renew = ZonedDateTime.now(ZoneOffset.UTC);
        client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName(name)
                .withNamespace("kube-node-lease").endMetadata().withNewSpec().withHolderIdentity(name)
                .withLeaseDurationSeconds(40).withRenewTime(renew).endSpec().build()).serverSideApply();
    }

    private static void pod(String name, String node, Toleration... tolerations) {
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).withTolerations(tolerations)
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
        client.pods().inNamespace("default").resource(pod).updateStatus();
    }

    private static Toleration unreachableFor(Long seconds) {
        return new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
                .withEffect("NoExecute").withTolerationSeconds(seconds).build();
    }

    private static boolean goneOrDeleting(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null || p.getMetadata().getDeletionTimestamp() != null;
    }

    private static List<Taint> taints(String node) {
        var spec = client.nodes().withName(node).get().getSpec();
        List<Taint> taints = spec == null ? null : spec.getTaints();
        return taints == null ? List.of() : taints;
    }

    @Test
    void aNodeWhoseLeaseExpiresBecomesUnknownIsTaintedAndItsPodsAreEvictedAsTheyTolerate() {
        pod("plain", "n1");
        pod("patient", "n1", unreachableFor(4L));
        pod("forever", "n1", unreachableFor(null));
        node("n1");
        long start = System.nanoTime();

        TestCluster.await("Ready=Unknown", Duration.ofSeconds(20), () -> client.nodes().withName("n1").get()
                .getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("Unknown")));
        var ready = client.nodes().withName("n1").get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().get();
        assertEquals("NodeStatusUnknown", ready.getReason());
        assertEquals("Kubelet stopped posting node status.", ready.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 2500, "not before the grace period");

        TestCluster.await("unreachable taints", Duration.ofSeconds(20), () -> taints("n1").stream()
                .filter(t -> t.getKey().equals("node.kubernetes.io/unreachable")).count() == 2);
        TestCluster.await("the pod that does not tolerate it is deleted", Duration.ofSeconds(10), () -> goneOrDeleting("plain"));
        long tainted = System.nanoTime();
        assertTrue(!goneOrDeleting("patient"), "the tolerating pod waits its seconds");
        TestCluster.await("the tolerating pod after its seconds", Duration.ofSeconds(15), () -> goneOrDeleting("patient"));
        assertTrue(Duration.ofNanos(System.nanoTime() - tainted).toMillis() >= 2500, "not before tolerationSeconds");
        assertEquals("False", client.pods().inNamespace("default").withName("forever").get().getStatus().getConditions()
                .stream().filter(c -> c.getType().equals("Ready")).findFirst().get().getStatus(), "marked not ready");
        assertTrue(!goneOrDeleting("forever"), "tolerating forever, it stays");
        TestCluster.await("the eviction event", Duration.ofSeconds(10), () -> client.v1().events().inNamespace("default")
                .list().getItems().stream().anyMatch(e -> "TaintManagerEviction".equals(e.getReason())
                        && "Marking for deletion Pod default/plain".equals(e.getMessage())));

        heartbeat("n1");
        TestCluster.await("taints removed once it heartbeats again", Duration.ofSeconds(20), () -> taints("n1").isEmpty());
    }

    @Test
    void cordoningANodeTaintsItUnschedulable() {
        node("n2");
        client.nodes().withName("n2").edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec().build());
        TestCluster.await("unschedulable taint", Duration.ofSeconds(10), () -> taints("n2").stream()
                .anyMatch(t -> t.getKey().equals("node.kubernetes.io/unschedulable") && t.getEffect().equals("NoSchedule")));
        client.nodes().withName("n2").edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(false).endSpec().build());
        TestCluster.await("uncordoned", Duration.ofSeconds(10), () -> taints("n2").stream()
                .noneMatch(t -> t.getKey().equals("node.kubernetes.io/unschedulable")));
    }
}
