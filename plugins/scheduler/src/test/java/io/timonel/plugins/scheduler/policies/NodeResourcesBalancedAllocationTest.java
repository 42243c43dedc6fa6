package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeResourcesBalancedAllocationTest {

    @Test
    void balancedNodeScoresHigherThanLopsidedOne() {
        PodInfo p = pod("p", "2", b -> b.editSpec().editFirstContainer().editResources()
                .addToRequests("memory", new Quantity("4Gi")).endResources().endContainer().endSpec());
        NodeResourcesBalancedAllocation policy = new NodeResourcesBalancedAllocation();
        // 2/4 cpu and 4/8 memory: perfectly balanced
        assertEquals(100, policy.score(state(), p, node("a", "4", "8Gi", Map.of())));
        // 2/4 cpu and 4/32 memory: fractions 0.5 and 0.125, std 0.1875
        assertEquals(81, policy.score(state(), p, node("b", "4", "32Gi", Map.of())));
    }
}
