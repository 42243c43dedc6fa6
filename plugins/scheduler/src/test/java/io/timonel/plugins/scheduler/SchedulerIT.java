package io.timonel.plugins.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler in a real kernel: five nodes (n1..n3 plain with 4 CPUs, n4 and n5 tainted
 * {@code dedicated=gpu:NoSchedule}), pods created through fabric8.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String NS = "sched";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.createTempFile("scheduler", ".yaml");
        Files.writeString(config, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                profiles:
                - schedulerName: default-scheduler
                - schedulerName: ignore-taints
                  plugins:
                    filter:
                      disabled: [{name: TaintToleration}]
                - schedulerName: prefer-fast
                  plugins:
                    score:
                      enabled: [{name: PreferLabel, weight: 100}]
                  pluginConfig:
                  - name: PreferLabel
                    args: {label: example.timonel.io/fast, value: "true"}
                """);
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("scheduler", Map.of("config", config.toString())));
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (int i = 1; i <= 5; i++) {
            Map<String, String> labels = new HashMap<>(Map.of("kubernetes.io/hostname", "n" + i,
                    "topology.kubernetes.io/zone", i % 2 == 0 ? "b" : "a"));
            if (i == 2) {
                labels.put("example.timonel.io/fast", "true");
            }
            NodeBuilder node = new NodeBuilder().withNewMetadata().withName("n" + i).withLabels(labels).endMetadata()
                    .withNewSpec().endSpec();
            if (i >= 4) {
                node.editSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec();
            }
            Node created = client.nodes().resource(node.build()).create();
            created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                    .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
                    .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
            client.nodes().resource(created).updateStatus();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void deletePods() {
        client.pods().inNamespace(NS).withGracePeriod(0).delete();
        TestCluster.await("pods deleted", LIMIT, () -> client.pods().inNamespace(NS).list().getItems().isEmpty());
    }

    private static PodBuilder pod(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L).addNewContainer().withName("c").withImage("busybox")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec();
    }

    private static Pod create(PodBuilder pod) {
        return client.pods().inNamespace(NS).resource(pod.build()).create();
    }

    private static String nodeOf(String name) {
        Pod p = client.pods().inNamespace(NS).withName(name).get();
        return p == null ? null : p.getSpec().getNodeName();
    }

    private static String awaitBound(String name) {
        TestCluster.await(name + " bound", LIMIT, () -> nodeOf(name) != null);
        return nodeOf(name);
    }

    private static List<Event> eventsOf(String pod) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    @Order(1)
    void podIsBoundToAnUntaintedNodeWithAScheduledEvent() {
        create(pod("one", "100m"));
        String node = awaitBound("one");
        assertTrue(List.of("n1", "n2", "n3").contains(node), node);
        TestCluster.await("Scheduled event", LIMIT, () -> eventsOf("one").stream().anyMatch(e -> "Scheduled".equals(e.getReason())));
        Event e = eventsOf("one").stream().filter(x -> "Scheduled".equals(x.getReason())).findFirst().orElseThrow();
        assertEquals("Successfully assigned sched/one to " + node, e.getMessage());
        assertEquals("default-scheduler", e.getSource().getComponent());
        assertEquals("default-scheduler", e.getReportingComponent());
    }

    @Test
    @Order(2)
    void podsSpreadOverTheUntaintedNodesOnly() {
        for (int i = 0; i < 9; i++) {
            create(pod("s" + i, "500m"));
        }
        Map<String, Long> perNode = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            perNode.merge(awaitBound("s" + i), 1L, Long::sum);
        }
        assertEquals(List.of("n1", "n2", "n3"), perNode.keySet().stream().sorted().toList(), perNode.toString());
        assertTrue(perNode.values().stream().allMatch(n -> n == 3), "LeastAllocated spreads evenly: " + perNode);
    }

    @Test
    @Order(3)
    void toleratingPodMayLandOnATaintedNode() {
        create(pod("tol", "100m").editSpec().addNewToleration().withKey("dedicated").withOperator("Equal").withValue("gpu")
                .withEffect("NoSchedule").endToleration().withNodeSelector(Map.of("kubernetes.io/hostname", "n5")).endSpec());
        assertEquals("n5", awaitBound("tol"));
    }

    @Test
    @Order(4)
    void podThatFitsNowhereIsMarkedUnschedulableWithTheReasons() {
        create(pod("huge", "100"));
        TestCluster.await("PodScheduled=False", LIMIT, () -> condition("huge") != null);
        PodCondition c = condition("huge");
        assertEquals("False", c.getStatus());
        assertEquals("Unschedulable", c.getReason());
        assertTrue(c.getMessage().startsWith("0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, "
                + "3 Insufficient cpu. preemption: 0/5 nodes are available: "), c.getMessage());
        TestCluster.await("FailedScheduling event", LIMIT, () -> eventsOf("huge").stream()
                .anyMatch(e -> "FailedScheduling".equals(e.getReason()) && e.getMessage().equals(c.getMessage())));
        assertNull(nodeOf("huge"));
    }

    private static PodCondition condition(String pod) {
        Pod p = client.pods().inNamespace(NS).withName(pod).get();
        return p.getStatus() == null || p.getStatus().getConditions() == null ? null : p.getStatus().getConditions().stream()
                .filter(x -> "PodScheduled".equals(x.getType()) && "False".equals(x.getStatus())).findFirst().orElse(null);
    }

    @Test
    @Order(5)
    void profileFromTheConfigFileWithTaintTolerationDisabledIgnoresTaints() {
        create(pod("ignoring", "100m").editSpec().withSchedulerName("ignore-taints")
                .withNodeSelector(Map.of("kubernetes.io/hostname", "n4")).endSpec());
        create(pod("default", "100m").editSpec().withNodeSelector(Map.of("kubernetes.io/hostname", "n4")).endSpec());
        create(pod("someone-elses", "100m").editSpec().withSchedulerName("other-scheduler").endSpec());
        assertEquals("n4", awaitBound("ignoring"));
        TestCluster.await("default profile refuses the tainted node", LIMIT, () -> condition("default") != null);
        assertNull(nodeOf("default"));
        assertNull(nodeOf("someone-elses"));
        Pod other = client.pods().inNamespace(NS).withName("someone-elses").get();
        assertTrue(other.getStatus() == null || other.getStatus().getConditions() == null
                || other.getStatus().getConditions().isEmpty(), "pods of other schedulers are left alone");
    }

    @Test
    @Order(6)
    void thirdPartyPolicyFromAPluginJarScoresByItsArgs() {
        for (int i = 0; i < 4; i++) {
            create(pod("fast" + i, "100m").editSpec().withSchedulerName("prefer-fast").endSpec());
        }
        for (int i = 0; i < 4; i++) {
            assertEquals("n2", awaitBound("fast" + i), "PreferLabel (weight 100) outweighs spreading");
        }
    }

    @Test
    @Order(7)
    void higherPriorityPodPreemptsALowerPriorityOne() {
        for (int i = 1; i <= 3; i++) {
            create(pod("low" + i, "3").editSpec().withPriority(0)
                    .withNodeSelector(Map.of("kubernetes.io/hostname", "n" + i)).endSpec());
            awaitBound("low" + i);
        }
        create(pod("high", "3").editSpec().withPriority(1000).endSpec());
        String node = awaitBound("high");
        Map<String, String> remaining = client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("low"))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getSpec().getNodeName()));
        assertEquals(2, remaining.size(), "exactly one victim: " + remaining);
        assertTrue(!remaining.containsValue(node), "the victim was on " + node + ": " + remaining);
        Pod high = client.pods().inNamespace(NS).withName("high").get();
        assertNotNull(high.getSpec().getNodeName());
    }
}
