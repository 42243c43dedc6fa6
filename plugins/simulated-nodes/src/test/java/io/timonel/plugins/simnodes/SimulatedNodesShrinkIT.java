package io.timonel.plugins.simnodes;

import java.nio.file.Path;
import io.timonel.kernel.testing.TestCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart with fewer simulated nodes removes the surplus, and only that. */
class SimulatedNodesShrinkIT {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void restartingWithASmallerCountRemovesTheNodesBeyondIt() throws Exception {
        try (TestCluster cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("simulated-nodes", Map.of("count", "3", "heartbeat", "1s")))) {
            KubernetesClient client = cluster.client();
            TestCluster.await("3 nodes and leases", LIMIT,
                    () -> client.nodes().withLabel("type", "simulated").list().getItems().size() == 3
                            && client.leases().inNamespace("kube-node-lease").list().getItems().size() == 3);
            // a node that merely shares the prefix is not one of ours
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("sim-node-gpu")
                    .addToLabels("type", "simulated").endMetadata().build()).create();

            cluster.restart(c -> c.withControllerSettings("simulated-nodes", Map.of("count", "1")));

            TestCluster.await("only sim-node-0 left of the numbered ones", LIMIT,
                    () -> client.nodes().withLabel("type", "simulated").list().getItems().size() == 2
                            && client.leases().inNamespace("kube-node-lease").list().getItems().size() == 1);
            assertNotNull(client.nodes().withName("sim-node-0").get());
            assertNotNull(client.nodes().withName("sim-node-gpu").get());
            assertEquals("sim-node-0", client.leases().inNamespace("kube-node-lease").list().getItems().get(0)
                    .getMetadata().getName());
        }
    }
}
