package io.timonel.plugins.simnodes;

import java.nio.file.Path;
import io.timonel.kernel.testing.TestCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated-nodes plugin loaded by PF4J into a real kernel, seen through the API. */
class SimulatedNodesIT {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("simulated-nodes", Map.of("count", "3", "heartbeat", "1s",
                        "statusReport", "5s", "jobPodDuration", "1s", "cpu", "4", "memory", "16Gi")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesRegisterReadyWithCapacityLabelsAndPodCidr() {
        TestCluster.await("3 ready simulated nodes", LIMIT, () -> client.nodes().withLabel("type", "simulated")
                .list().getItems().stream().filter(SimulatedNodesIT::ready).count() == 3);
        Node node = client.nodes().withName("sim-node-1").get();

        assertEquals("4", node.getStatus().getCapacity().get("cpu").toString());
        assertEquals("16Gi", node.getStatus().getAllocatable().get("memory").toString());
        assertEquals("110", node.getStatus().getCapacity().get("pods").toString());
        assertEquals("sim-node-1", node.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertEquals("simulated", node.getMetadata().getLabels().get("node.kubernetes.io/instance-type"));
        assertEquals("10.128.1.0/24", node.getSpec().getPodCIDR());
        assertEquals("v1.33.0", node.getStatus().getNodeInfo().getKubeletVersion());
        assertTrue(node.getStatus().getAddresses().stream()
                .anyMatch(a -> a.getType().equals("InternalIP") && a.getAddress().equals("172.16.0.2")));
    }

    @Test
    void leasesAreRenewedEveryHeartbeat() {
        TestCluster.await("a lease for sim-node-0", LIMIT, () -> lease("sim-node-0") != null);
        String first = lease("sim-node-0").getSpec().getRenewTime().toString();

        TestCluster.await("the lease renewed", LIMIT,
                () -> !first.equals(lease("sim-node-0").getSpec().getRenewTime().toString()));
        Lease lease = lease("sim-node-0");
        assertEquals("sim-node-0", lease.getSpec().getHolderIdentity());
        assertEquals(40, lease.getSpec().getLeaseDurationSeconds());
    }

    @Test
    void aPodBoundToASimulatedNodeRunsWithAnIpFromTheNodesCidr() {
        client.pods().inNamespace("default").resource(pod("web", "sim-node-0", Map.of(), null)).create();

        TestCluster.await("web running", LIMIT, () -> "Running".equals(phase("web")));
        Pod pod = client.pods().inNamespace("default").withName("web").get();
        assertTrue(pod.getStatus().getPodIP().startsWith("10.128.0."), pod.getStatus().getPodIP());
        assertEquals("172.16.0.1", pod.getStatus().getHostIP());
        assertEquals("BestEffort", pod.getStatus().getQosClass());
        assertNotNull(pod.getStatus().getStartTime());
        assertTrue(pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
        ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(container.getReady());
        assertTrue(container.getStarted());
        assertNotNull(container.getState().getRunning());
        assertTrue(container.getContainerID().startsWith("simulated://"));
    }

    @Test
    void aPodOwnedByAJobSucceedsAfterItsRunTime() {
        client.pods().inNamespace("default").resource(pod("job-ok", "sim-node-1", Map.of(), "Never")).create();

        TestCluster.await("job-ok succeeded", LIMIT, () -> "Succeeded".equals(phase("job-ok")));
        ContainerStatus container = client.pods().inNamespace("default").withName("job-ok").get().getStatus()
                .getContainerStatuses().get(0);
        assertEquals(0, container.getState().getTerminated().getExitCode());
        assertEquals("Completed", container.getState().getTerminated().getReason());
    }

    @Test
    void anExitCodeAnnotationFailsANeverRestartedPod() {
        client.pods().inNamespace("default").resource(pod("job-bad", "sim-node-1",
                Map.of("sim.timonel.io/exit-code", "3"), "Never")).create();

        TestCluster.await("job-bad failed", LIMIT, () -> "Failed".equals(phase("job-bad")));
        assertEquals(3, client.pods().inNamespace("default").withName("job-bad").get().getStatus()
                .getContainerStatuses().get(0).getState().getTerminated().getExitCode());
    }

    @Test
    void aFailingPodThatRestartsOnFailureCountsRestartsAndKeepsRunning() {
        client.pods().inNamespace("default").resource(pod("flaky", "sim-node-0",
                Map.of("sim.timonel.io/exit-code", "1"), "OnFailure")).create();

        TestCluster.await("flaky restarted", LIMIT, () -> {
            Pod p = client.pods().inNamespace("default").withName("flaky").get();
            return p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1;
        });
        Pod pod = client.pods().inNamespace("default").withName("flaky").get();
        assertEquals("Running", pod.getStatus().getPhase());
        assertEquals(1, pod.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode());
    }

    @Test
    void aDeletedPodIsRemovedByItsNode() {
        client.pods().inNamespace("default").resource(pod("doomed", "sim-node-2", Map.of(), null)).create();
        TestCluster.await("doomed running", LIMIT, () -> "Running".equals(phase("doomed")));

        client.pods().inNamespace("default").withName("doomed").delete(); // graceful: 30 s by default

        TestCluster.await("doomed gone", LIMIT, () -> client.pods().inNamespace("default").withName("doomed")
                .get() == null);
    }

    @Test
    void aStoppedNodeStopsRenewingItsLeaseUntilResumed() throws Exception {
        TestCluster.await("a lease for sim-node-2", LIMIT, () -> lease("sim-node-2") != null);
        client.nodes().withName("sim-node-2").edit(n -> {
            n.getMetadata().getAnnotations().put("sim.timonel.io/stopped", "true");
            return n;
        });
        Thread.sleep(1500); // a renewal may have been under way when the annotation came
        String frozen = lease("sim-node-2").getSpec().getRenewTime().toString();

        Thread.sleep(2500); // more than two heartbeats
        assertEquals(frozen, lease("sim-node-2").getSpec().getRenewTime().toString());

        client.nodes().withName("sim-node-2").edit(n -> {
            n.getMetadata().getAnnotations().remove("sim.timonel.io/stopped");
            return n;
        });
        TestCluster.await("renewals resumed", LIMIT,
                () -> !frozen.equals(lease("sim-node-2").getSpec().getRenewTime().toString()));
    }

    @Test
    void afterARestartTheNodesAreAdoptedAndPodsKeepTheirAddresses() throws Exception {
        client.pods().inNamespace("default").resource(pod("keeper", "sim-node-1", Map.of(), null)).create();
        TestCluster.await("keeper running", LIMIT, () -> "Running".equals(phase("keeper")));
        String ip = client.pods().inNamespace("default").withName("keeper").get().getStatus().getPodIP();
        String uid = client.nodes().withName("sim-node-1").get().getMetadata().getUid();

        cluster.restart();
        client.pods().inNamespace("default").resource(pod("newcomer", "sim-node-1", Map.of(), null)).create();

        TestCluster.await("newcomer running", LIMIT, () -> "Running".equals(phase("newcomer")));
        assertEquals(ip, client.pods().inNamespace("default").withName("keeper").get().getStatus().getPodIP());
        assertFalse(ip.equals(client.pods().inNamespace("default").withName("newcomer").get().getStatus().getPodIP()),
                "a new pod never gets an address in use");
        assertEquals(uid, client.nodes().withName("sim-node-1").get().getMetadata().getUid(), "adopted, not re-created");
        assertEquals(3, client.nodes().withLabel("type", "simulated").list().getItems().size());
    }

    private static Pod pod(String name, String node, Map<String, String> annotations, String restartPolicy) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox:1.36")
                .endContainer().withRestartPolicy(restartPolicy).endSpec();
        if (restartPolicy != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(name)
                    .withUid("00000000-0000-0000-0000-00000000000" + name.length()).withController(true)
                    .endOwnerReference().endMetadata();
        }
        return pod.build();
    }

    private static String phase(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static Lease lease(String node) {
        return client.leases().inNamespace("kube-node-lease").withName(node).get();
    }

    private static boolean ready(Node node) {
        List<io.fabric8.kubernetes.api.model.NodeCondition> conditions = node.getStatus() == null ? List.of()
                : node.getStatus().getConditions();
        return conditions.stream().anyMatch(c -> c.getType().equals("Ready") && Objects.equals(c.getStatus(), "True"));
    }
}
