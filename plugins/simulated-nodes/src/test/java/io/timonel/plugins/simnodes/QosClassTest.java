package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QosClassTest {

    private static Container container(Map<String, String> requests, Map<String, String> limits) {
        Map<String, Quantity> req = new LinkedHashMap<>();
        requests.forEach((k, v) -> req.put(k, new Quantity(v)));
        Map<String, Quantity> lim = new LinkedHashMap<>();
        limits.forEach((k, v) -> lim.put(k, new Quantity(v)));
        return new ContainerBuilder().withName("c" + requests.hashCode() + limits.hashCode()).withImage("i")
                .withNewResources().withRequests(req).withLimits(lim).endResources().build();
    }

    private static PodSpec spec(List<Container> init, Container... containers) {
        return new PodSpecBuilder().withInitContainers(init).withContainers(containers).build();
    }

    @Test
    void noRequestsOrLimitsIsBestEffort() {
        assertEquals("BestEffort", QosClass.of(spec(List.of(), container(Map.of(), Map.of()))));
        assertEquals("BestEffort", QosClass.of(spec(List.of(), container(Map.of("ephemeral-storage", "1Gi"), Map.of()))));
        assertEquals("BestEffort", QosClass.of(spec(List.of(), container(Map.of("cpu", "0"), Map.of()))));
    }

    @Test
    void limitsEqualToRequestsForCpuAndMemoryEverywhereIsGuaranteed() {
        assertEquals("Guaranteed", QosClass.of(spec(List.of(),
                container(Map.of("cpu", "500m", "memory", "1Gi"), Map.of("cpu", "0.5", "memory", "1024Mi")))));
    }

    @Test
    void limitsAloneAreGuaranteedBecauseRequestsDefaultToThem() {
        assertEquals("Guaranteed", QosClass.of(spec(List.of(), container(Map.of(), Map.of("cpu", "1", "memory", "1Gi")))));
    }

    @Test
    void requestsBelowLimitsAreBurstable() {
        assertEquals("Burstable", QosClass.of(spec(List.of(),
                container(Map.of("cpu", "100m", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi")))));
    }

    @Test
    void aLimitOnOneResourceOnlyIsBurstable() {
        assertEquals("Burstable", QosClass.of(spec(List.of(), container(Map.of(), Map.of("cpu", "1")))));
    }

    @Test
    void oneUnlimitedContainerMakesThePodBurstable() {
        assertEquals("Burstable", QosClass.of(spec(List.of(),
                container(Map.of(), Map.of("cpu", "1", "memory", "1Gi")),
                container(Map.of("cpu", "100m"), Map.of()))));
    }

    @Test
    void initContainersCountToo() {
        assertEquals("Burstable", QosClass.of(spec(List.of(container(Map.of("memory", "1Gi"), Map.of())),
                container(Map.of(), Map.of()))));
        assertEquals("Burstable", QosClass.of(spec(List.of(container(Map.of(), Map.of())),
                container(Map.of(), Map.of("cpu", "1", "memory", "1Gi")))));
    }
}
