package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QosClassTest {

    private static Container c(Map<String, String> requests, Map<String, String> limits) {
        ContainerBuilder b = new ContainerBuilder().withName("c").withNewResources().endResources();
        requests.forEach((k, v) -> b.editResources().addToRequests(k, new Quantity(v)).endResources());
        limits.forEach((k, v) -> b.editResources().addToLimits(k, new Quantity(v)).endResources());
        return b.build();
    }

    private static String qos(Container... containers) {
        return QosClass.of(new PodSpecBuilder().withContainers(containers).build());
    }

    @Test
    void noRequestsOrLimitsIsBestEffort() {
        assertEquals("BestEffort", qos(c(Map.of(), Map.of()), c(Map.of(), Map.of())));
    }

    @Test
    void limitsEqualToRequestsForCpuAndMemoryEverywhereIsGuaranteed() {
        assertEquals("Guaranteed", qos(c(Map.of("cpu", "500m", "memory", "64Mi"), Map.of("cpu", "0.5", "memory", "64Mi"))));
        assertEquals("Guaranteed", qos(c(Map.of(), Map.of("cpu", "1", "memory", "1Gi"))), "requests default to limits");
    }

    @Test
    void anythingElseIsBurstable() {
        assertEquals("Burstable", qos(c(Map.of("cpu", "100m"), Map.of())));
        assertEquals("Burstable", qos(c(Map.of("cpu", "100m", "memory", "64Mi"), Map.of("cpu", "200m", "memory", "64Mi"))));
        assertEquals("Burstable", qos(c(Map.of(), Map.of("cpu", "1", "memory", "1Gi")), c(Map.of(), Map.of())));
    }

    @Test
    void bestEffortIsEvictedFirstAndGuaranteedLast() {
        assertEquals(0, QosClass.evictionRank("BestEffort"));
        assertEquals(1, QosClass.evictionRank("Burstable"));
        assertEquals(2, QosClass.evictionRank("Guaranteed"));
    }
}
