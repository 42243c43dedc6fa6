package io.timonel.plugins.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZonesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static List<Node> zone(String zone, int ready, int notReady) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < ready + notReady; i++) {
            nodes.add(new NodeBuilder(NodeTaintsTest.node(i < ready ? "True" : "Unknown", false)).editMetadata()
                    .withName(zone + i).withLabels(Map.of("topology.kubernetes.io/zone", zone)).endMetadata().build());
        }
        return nodes;
    }

    private static Zones.State state(int ready, int notReady) {
        return Zones.of(zone("a", ready, notReady), 0.55).states().values().iterator().next();
    }

    @Test
    void zoneStatesAsKubernetesComputesThem() {
        assertEquals(Zones.State.NORMAL, state(3, 0));
        assertEquals(Zones.State.NORMAL, state(1, 2), "two down is never a disruption");
        assertEquals(Zones.State.PARTIAL_DISRUPTION, state(2, 3));
        assertEquals(Zones.State.NORMAL, state(4, 3), "under 55%");
        assertEquals(Zones.State.FULL_DISRUPTION, state(0, 1));
    }

    @Test
    void onlyWhenEveryZoneIsDownIsEverythingHeld() {
        List<Node> nodes = new ArrayList<>(zone("a", 0, 2));
        assertTrue(Zones.of(nodes, 0.55).allFullyDisrupted());
        nodes.addAll(zone("b", 1, 0));
        assertFalse(Zones.of(nodes, 0.55).allFullyDisrupted());
    }

    @Test
    void partialDisruptionSlowsTaintingInLargeZonesAndStopsItInSmallOnes() {
        Zones small = Zones.of(zone("a", 2, 3), 0.55);
        String key = Zones.zoneOf(zone("a", 1, 0).get(0));
        assertEquals(0.0, small.taintRate(key, 0.1, 0.01, 50));
        Zones large = Zones.of(zone("a", 20, 40), 0.55);
        assertEquals(0.01, large.taintRate(key, 0.1, 0.01, 50));
        assertEquals(0.1, Zones.of(zone("a", 3, 1), 0.55).taintRate(key, 0.1, 0.01, 50));
    }

    @Test
    void theLimiterLetsOneNodeAtOnceThenOneEveryTenSeconds() {
        TaintLimiter limiter = new TaintLimiter();
        assertTrue(limiter.tryAcquire("a", 0.1, T0));
        assertFalse(limiter.tryAcquire("a", 0.1, T0.plusSeconds(5)));
        assertTrue(limiter.tryAcquire("b", 0.1, T0.plusSeconds(5)), "zones are limited apart");
        assertTrue(limiter.tryAcquire("a", 0.1, T0.plusSeconds(10)));
        assertFalse(limiter.tryAcquire("a", 0, T0.plusSeconds(100)), "a zero rate refuses");
    }

    @Test
    void deferredTaintingKeepsWhatIsThereAndAddsNothing() {
        Node silent = NodeTaintsTest.node("Unknown", false);
        var taints = NodeTaints.desired(silent, T0, NodeTaints.NoExecute.DEFER).orElseThrow();
        assertEquals(List.of("node.kubernetes.io/unreachable:NoSchedule"),
                taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
        silent.getSpec().setTaints(NodeTaints.desired(silent, T0).orElseThrow());
        assertTrue(NodeTaints.desired(silent, T0, NodeTaints.NoExecute.DEFER).isEmpty());
        assertEquals(List.of("node.kubernetes.io/unreachable:NoSchedule"), NodeTaints.desired(silent, T0,
                NodeTaints.NoExecute.LIFT).orElseThrow().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
    }
}
