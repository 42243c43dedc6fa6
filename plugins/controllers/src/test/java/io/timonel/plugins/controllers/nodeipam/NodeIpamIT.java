package io.timonel.plugins.controllers.nodeipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeIpamIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "nodeipam",
                        "cluster-cidr", "10.77.0.0/16")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyNodeGetsItsOwnPodCidr() {
        create("ipam-a", null);
        create("ipam-b", null);
        String a = awaitPodCidr("ipam-a");
        String b = awaitPodCidr("ipam-b");
        assertNotEquals(a, b);
        assertEquals(List.of(a), client.nodes().withName("ipam-a").get().getSpec().getPodCIDRs());
        assertEquals("10.77.", a.substring(0, 6));
    }

    @Test
    void aSubnetANodeHoldsIsNotGivenToAnother() {
        // the subnet the loop would hand out next is taken by a node that brings its own
        java.util.Set<String> taken = new java.util.HashSet<>();
        client.nodes().list().getItems().forEach(n -> taken.add(n.getSpec() == null ? null : n.getSpec().getPodCIDR()));
        int i = 0;
        while (taken.contains("10.77." + i + ".0/24")) {
            i++;
        }
        String own = "10.77." + i + ".0/24";
        create("ipam-held", own);
        create("ipam-c", null);
        assertNotEquals(own, awaitPodCidr("ipam-c"));
        assertEquals(own, client.nodes().withName("ipam-held").get().getSpec().getPodCIDR());
    }

    @Test
    void aDeletedNodesSubnetIsFreeAgain() {
        create("ipam-gone", null);
        String freed = awaitPodCidr("ipam-gone");
        client.nodes().withName("ipam-gone").delete();
        TestCluster.await("node deleted", Duration.ofSeconds(10), () -> client.nodes().withName("ipam-gone").get() == null);

        // the lowest free subnet is the freed one, unless another test's node took it meanwhile
        create("ipam-next", null);
        String next = awaitPodCidr("ipam-next");
        boolean reused = next.equals(freed) || client.nodes().list().getItems().stream()
                .anyMatch(n -> !n.getMetadata().getName().equals("ipam-next") && freed.equals(n.getSpec().getPodCIDR()));
        assertEquals(true, reused, "the freed " + freed + " was handed out again");
    }

    private static void create(String name, String podCidr) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (podCidr != null) {
            node.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        client.nodes().resource(node.build()).create();
    }

    private static String awaitPodCidr(String name) {
        TestCluster.await(name + " gets a pod CIDR", Duration.ofSeconds(20), () -> {
            Node n = client.nodes().withName(name).get();
            return n != null && n.getSpec() != null && n.getSpec().getPodCIDR() != null;
        });
        return client.nodes().withName(name).get().getSpec().getPodCIDR();
    }
}
