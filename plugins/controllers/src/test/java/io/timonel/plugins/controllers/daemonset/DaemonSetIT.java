package io.timonel.plugins.controllers.daemonset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.plugins.controllers.replicaset.WorkloadFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaemonSetIT {
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static volatile boolean kubelet = true;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "daemonset")));
        client = cluster.client();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2").endMetadata()
                .withNewSpec().addNewTaint().withKey("dedicated").withValue("db").withEffect("NoSchedule").endTaint()
                .endSpec().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n3").addToLabels("role", "edge")
                .endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ds1").endMetadata().build())
                .create();
        Thread t = new Thread(() -> {
            while (kubelet) {
                try {
                    WorkloadFixtures.markAllReady(client, "ds1", Map.of());
                    Thread.sleep(150);
                } catch (Exception e) {
                    // retry
                }
            }
        }, "fake-kubelet");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() {
        kubelet = false;
        cluster.close();
    }

    private static List<Pod> pods(String app) {
        return client.pods().inNamespace("ds1").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Set<String> nodesOf(String app) {
        return pods(app).stream().map(p -> p.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchFields().get(0).getValues().get(0)).collect(Collectors.toSet());
    }

    private static DaemonSet get(String name) {
        return client.apps().daemonSets().inNamespace("ds1").withName(name).get();
    }

    /** What kubectl rollout status ds waits for. */
    private static boolean rolledOut(String name) {
        DaemonSet ds = get(name);
        var s = ds.getStatus();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= ds.getMetadata().getGeneration()
                && s.getUpdatedNumberScheduled() != null && s.getUpdatedNumberScheduled().equals(s.getDesiredNumberScheduled())
                && s.getNumberAvailable() != null && s.getNumberAvailable().equals(s.getDesiredNumberScheduled());
    }

    @Test
    void onePodPerToleratingNodeThenRollsOutToleration() {
        Map<String, String> labels = Map.of("app", "agent");
        client.apps().daemonSets().inNamespace("ds1").resource(new DaemonSetBuilder()
                .withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "agent:1")).endSpec().build()).create();

        TestCluster.await("pods on n1 and n3", Duration.ofSeconds(20), () -> nodesOf("agent").equals(Set.of("n1", "n3")));
        TestCluster.await("rolled out on 2 nodes", Duration.ofSeconds(20),
                () -> rolledOut("agent") && get("agent").getStatus().getDesiredNumberScheduled() == 2);
        Pod pod = pods("agent").get(0);
        assertTrue(pod.getSpec().getTolerations().stream().anyMatch(t -> "node.kubernetes.io/unreachable".equals(t.getKey())
                && "NoExecute".equals(t.getEffect())), "default tolerations added");
        assertTrue(pod.getMetadata().getName().startsWith("agent-"));
        assertTrue(pod.getMetadata().getLabels().containsKey("controller-revision-hash"));

        client.apps().daemonSets().inNamespace("ds1").withName("agent").edit(ds -> new DaemonSetBuilder(ds)
                .editSpec().editTemplate().editSpec().withTolerations(new TolerationBuilder().withKey("dedicated")
                        .withOperator("Exists").withEffect("NoSchedule").build()).endSpec().endTemplate().endSpec().build());
        TestCluster.await("rolled out on 3 nodes", Duration.ofSeconds(30), () -> rolledOut("agent")
                && get("agent").getStatus().getDesiredNumberScheduled() == 3 && pods("agent").size() == 3);
        assertEquals(Set.of("n1", "n2", "n3"), nodesOf("agent"));
        String hash = get("agent").getStatus().getUpdatedNumberScheduled().toString();
        assertEquals("3", hash);
        assertEquals(2, client.apps().controllerRevisions().inNamespace("ds1").list().getItems().stream()
                .filter(r -> r.getMetadata().getName().startsWith("agent-")).count());
    }

    @Test
    void nodeSelectorPicksNodesAndFollowsLabels() {
        Map<String, String> labels = Map.of("app", "edge");
        client.apps().daemonSets().inNamespace("ds1").resource(new DaemonSetBuilder()
                .withNewMetadata().withName("edge").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "edge:1")).editTemplate().editSpec()
                .withNodeSelector(Map.of("role", "edge")).endSpec().endTemplate().endSpec().build()).create();
        TestCluster.await("a pod on n3 only", Duration.ofSeconds(20), () -> nodesOf("edge").equals(Set.of("n3")));

        client.nodes().withName("n1").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("role", "edge")
                .endMetadata().build());
        TestCluster.await("n1 joins", Duration.ofSeconds(20), () -> nodesOf("edge").equals(Set.of("n1", "n3")));
        client.nodes().withName("n1").edit(n -> new NodeBuilder(n).editMetadata().removeFromLabels("role")
                .endMetadata().build());
        TestCluster.await("n1 leaves", Duration.ofSeconds(20), () -> nodesOf("edge").equals(Set.of("n3")));

        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n4").addToLabels("role", "edge")
                .endMetadata().build()).create();
        TestCluster.await("n4 joins", Duration.ofSeconds(20), () -> nodesOf("edge").equals(Set.of("n3", "n4")));
        client.nodes().withName("n4").delete();
        TestCluster.await("the pod pinned to the deleted n4 goes", Duration.ofSeconds(20),
                () -> nodesOf("edge").equals(Set.of("n3")));
    }
}
