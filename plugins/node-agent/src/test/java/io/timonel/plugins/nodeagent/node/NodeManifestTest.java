package io.timonel.plugins.nodeagent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.plugins.nodeagent.eviction.Pressure;
import io.timonel.spi.runtime.ImageInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeManifestTest {
    static final MachineFacts MACHINE = new MachineFacts(4, 8L << 30, "Debian GNU/Linux 12 (bookworm)", "6.1.0",
            "amd64", "abc", "uuid", "boot", "host-1");
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static NodeFacts facts(String runtime, Pressure pressure) {
        return new NodeFacts("node-1", MACHINE, "192.168.1.10", 110, 100L << 20, 100L << 30, 10L << 30, runtime,
                List.of(new ImageInfo("sha256:1", List.of("busybox:local"), 2_000_000)), pressure, 10250, null);
    }

    private static String condition(NodeStatus s, String type, String field) {
        NodeCondition c = s.getConditions().stream().filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
        return switch (field) {
            case "status" -> c.getStatus();
            case "reason" -> c.getReason();
            case "message" -> c.getMessage();
            default -> c.getLastTransitionTime();
        };
    }

    @Test
    void statusReportsCapacityAllocatableAndInfo() {
        NodeStatus s = NodeManifest.status(facts("docker://28.2.2", Pressure.NONE), List.of(), T0);
        assertEquals(new Quantity("4"), s.getCapacity().get("cpu"));
        assertEquals(new Quantity("8388608Ki"), s.getCapacity().get("memory"));
        assertEquals(new Quantity("110"), s.getCapacity().get("pods"));
        assertEquals(new Quantity("8286208Ki"), s.getAllocatable().get("memory"), "less the eviction threshold");
        assertEquals(new Quantity(Long.toString(90L << 30)), s.getAllocatable().get("ephemeral-storage"));
        assertEquals("docker://28.2.2", s.getNodeInfo().getContainerRuntimeVersion());
        assertEquals("v1.33.0-timonel", s.getNodeInfo().getKubeletVersion());
        assertEquals("amd64", s.getNodeInfo().getArchitecture());
        assertEquals(10250, s.getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertEquals("InternalIP", s.getAddresses().get(0).getType());
        assertEquals("192.168.1.10", s.getAddresses().get(0).getAddress());
        assertEquals(List.of("busybox:local"), s.getImages().get(0).getNames());
        assertEquals("True", condition(s, "Ready", "status"));
        assertEquals("KubeletReady", condition(s, "Ready", "reason"));
        assertEquals("KubeletHasSufficientMemory", condition(s, "MemoryPressure", "reason"));
        assertEquals("KubeletHasNoDiskPressure", condition(s, "DiskPressure", "reason"));
        assertEquals("KubeletHasSufficientPID", condition(s, "PIDPressure", "reason"));
    }

    @Test
    void runtimeDownMakesTheNodeNotReady() {
        NodeStatus s = NodeManifest.status(facts(null, Pressure.NONE), List.of(), T0);
        assertEquals("False", condition(s, "Ready", "status"));
        assertEquals("KubeletNotReady", condition(s, "Ready", "reason"));
        assertEquals("container runtime is down", condition(s, "Ready", "message"));
    }

    @Test
    void aNodeWithoutPodNetworkIsNotReadyAsTheKubeletSays() {
        NodeFacts f = facts("docker://28.2.2", Pressure.NONE);
        NodeFacts noNetwork = new NodeFacts(f.nodeName(), f.machine(), f.internalIp(), f.maxPods(), f.memoryReserved(),
                f.fsCapacity(), f.fsReserved(), f.runtimeVersion(), f.images(), f.pressure(), f.kubeletPort(),
                "no pod CIDR assigned to the node yet");
        NodeStatus s = NodeManifest.status(noNetwork, List.of(), T0);
        assertEquals("False", condition(s, "Ready", "status"));
        assertEquals("KubeletNotReady", condition(s, "Ready", "reason"));
        assertEquals("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                + "message:no pod CIDR assigned to the node yet", condition(s, "Ready", "message"));
    }

    @Test
    void pressureTurnsItsConditionTrue() {
        NodeStatus s = NodeManifest.status(facts("docker://1", new Pressure(true, true, false)), List.of(), T0);
        assertEquals("True", condition(s, "MemoryPressure", "status"));
        assertEquals("KubeletHasInsufficientMemory", condition(s, "MemoryPressure", "reason"));
        assertEquals("KubeletHasDiskPressure", condition(s, "DiskPressure", "reason"));
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileTheyStayTheSame() {
        NodeStatus first = NodeManifest.status(facts("docker://1", Pressure.NONE), List.of(), T0);
        NodeStatus later = NodeManifest.status(facts("docker://1", Pressure.NONE), first.getConditions(),
                T0.plusSeconds(60));
        assertEquals("2026-11-24T10:00:00Z", condition(later, "Ready", "transition"));
        assertTrue(NodeManifest.sameApartFromHeartbeats(first, later));
        NodeStatus down = NodeManifest.status(facts(null, Pressure.NONE), later.getConditions(), T0.plusSeconds(90));
        assertEquals("2026-11-24T10:01:30Z", condition(down, "Ready", "transition"));
        assertFalse(NodeManifest.sameApartFromHeartbeats(later, down));
    }

    @Test
    void mergeKeepsConditionsOfOtherTypes() {
        NodeStatus current = new NodeStatus();
        current.setConditions(List.of(new NodeConditionBuilder().withType("NetworkUnavailable").withStatus("False")
                .build()));
        NodeStatus merged = NodeManifest.merge(current, NodeManifest.status(facts("docker://1", Pressure.NONE),
                List.of(), T0));
        assertEquals(5, merged.getConditions().size());
        assertEquals("NetworkUnavailable", merged.getConditions().get(4).getType());
    }

    @Test
    void labelsNameTheHostOsAndArchitecture() {
        var labels = NodeManifest.labels(facts("docker://1", Pressure.NONE));
        assertEquals("node-1", labels.get("kubernetes.io/hostname"));
        assertEquals("linux", labels.get("kubernetes.io/os"));
        assertEquals("amd64", labels.get("kubernetes.io/arch"));
    }
}
