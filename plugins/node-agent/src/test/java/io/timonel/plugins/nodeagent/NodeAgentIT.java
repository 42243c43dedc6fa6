package io.timonel.plugins.nodeagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node agent loaded by the server as a plugin, with no container runtime plugin present: its
 * Node registers (NotReady: the runtime is down), its Lease is renewed, and the server runs on.
 */
class NodeAgentIT {
    static final String NODE = "agent-it-" + Long.toHexString(System.nanoTime());
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins")).withNodeName(NODE)
                .withControllerSettings("node-agent", Map.of("runtime", "no-such-runtime", "port", "0",
                        "statusInterval", "1s", "leaseInterval", "1s", "runtimeRetry", "1s")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElse(null);
    }

    @Test
    void nodeRegistersNotReadyWhileThereIsNoRuntime() {
        TestCluster.await("node " + NODE + " registered", Duration.ofSeconds(30), () -> {
            Node n = client.nodes().withName(NODE).get();
            return n != null && n.getStatus() != null && ready(n) != null;
        });
        Node node = client.nodes().withName(NODE).get();
        NodeCondition ready = ready(node);
        assertEquals("False", ready.getStatus());
        assertEquals("KubeletNotReady", ready.getReason());
        assertEquals("container runtime is down", ready.getMessage());
        assertEquals(NODE, node.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertEquals("linux", node.getMetadata().getLabels().get("kubernetes.io/os"));
        assertEquals(new Quantity("110"), node.getStatus().getCapacity().get("pods"));
        assertEquals("v1.33.0-timonel", node.getStatus().getNodeInfo().getKubeletVersion());
        assertEquals("InternalIP", node.getStatus().getAddresses().get(0).getType());
    }

    @Test
    void leaseIsRenewedInKubeNodeLease() {
        TestCluster.await("lease of " + NODE, Duration.ofSeconds(30),
                () -> client.leases().inNamespace("kube-node-lease").withName(NODE).get() != null);
        Lease first = client.leases().inNamespace("kube-node-lease").withName(NODE).get();
        assertEquals(NODE, first.getSpec().getHolderIdentity());
        assertEquals(40, first.getSpec().getLeaseDurationSeconds());
        assertNotNull(first.getSpec().getRenewTime());
        TestCluster.await("a renewal", Duration.ofSeconds(30), () -> !client.leases().inNamespace("kube-node-lease")
                .withName(NODE).get().getSpec().getRenewTime().equals(first.getSpec().getRenewTime()));
    }

    @Test
    void aDeletedNodeRegistersAgain() {
        TestCluster.await("node " + NODE, Duration.ofSeconds(30), () -> client.nodes().withName(NODE).get() != null);
        String uid = client.nodes().withName(NODE).get().getMetadata().getUid();
        client.nodes().withName(NODE).delete();
        TestCluster.await("node " + NODE + " registered again", Duration.ofSeconds(30), () -> {
            Node n = client.nodes().withName(NODE).get();
            return n != null && !n.getMetadata().getUid().equals(uid);
        });
    }
}
