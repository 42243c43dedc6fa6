package io.timonel.plugins.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
    private static final Duration GRACE = Duration.ofSeconds(40);
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static Lease lease(int second) {
        return new LeaseBuilder().withNewSpec().withRenewTime(ZonedDateTime.of(2026, 11, 23, 10, 0, second, 0, ZoneOffset.UTC))
                .endSpec().build();
    }

    @Test
    void aNodeGoesStaleOnlyAfterTheGracePeriodWithoutAnyRenewal() {
        Node node = NodeTaintsTest.node("True", false);
        Probe p = Probe.observe(null, node, lease(0), T0);
        p = Probe.observe(p, node, lease(0), T0.plusSeconds(30));
        assertFalse(p.isStale(T0.plusSeconds(30), GRACE));
        assertTrue(p.isStale(T0.plusSeconds(41), GRACE));
    }

    @Test
    void aRenewedLeaseRestartsTheGracePeriodByTheControllersClock() {
        Node node = NodeTaintsTest.node("True", false);
        Probe p = Probe.observe(null, node, lease(0), T0);
        p = Probe.observe(p, node, lease(5), T0.plusSeconds(35));
        assertFalse(p.isStale(T0.plusSeconds(70), GRACE));
        assertEquals(Duration.ofSeconds(5), p.untilStale(T0.plusSeconds(70), GRACE));
    }

    @Test
    void staleConditionsBecomeUnknownAndMissingOnesAreAdded() {
        List<NodeCondition> conditions = NodeConditions.unknown(NodeTaintsTest.node("True", false), T0).orElseThrow();
        NodeCondition ready = conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertEquals("Unknown", ready.getStatus());
        assertEquals("NodeStatusUnknown", ready.getReason());
        assertEquals("Kubelet stopped posting node status.", ready.getMessage());
        assertEquals("2026-11-23T09:59:00Z", ready.getLastHeartbeatTime(), "the last heartbeat is kept");
        assertEquals(4, conditions.size());
        assertEquals("NodeStatusNeverUpdated", conditions.stream().filter(c -> c.getType().equals("DiskPressure"))
                .findFirst().orElseThrow().getReason());
        Node already = NodeTaintsTest.node("True", false);
        already.getStatus().setConditions(conditions);
        assertTrue(NodeConditions.unknown(already, T0.plusSeconds(5)).isEmpty(), "nothing to write twice");
    }
}
