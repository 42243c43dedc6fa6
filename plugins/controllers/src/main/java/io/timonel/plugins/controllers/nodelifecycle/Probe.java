package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the controller last saw of a node's heartbeats, as Kubernetes' node health data: the Ready
 * condition's {@code lastHeartbeatTime}, the Lease's {@code renewTime}, and when either last
 * changed by the controller's own clock ({@code probed}). Heartbeat times written by the node are
 * compared for change only, never against this clock: node and control plane clocks may differ.
 *
 * @param heartbeat the Ready condition's lastHeartbeatTime as last seen (null: none)
 * @param renewed   the Lease's renewTime as last seen (null: no lease)
 * @param probed    when the controller last saw either change
 */
record Probe(String heartbeat, String renewed, Instant probed) {

    /**
     * The probe after looking at {@code node} and its {@code lease} at {@code now}; {@code previous}
     * is null the first time. A node first seen without a Ready condition counts from its creation,
     * so that it gets the startup grace period rather than a fresh one after every restart.
     */
    static Probe observe(Probe previous, Node node, Lease lease, Instant now) {
        String heartbeat = NodeConditions.find(node, "Ready").map(NodeCondition::getLastHeartbeatTime).orElse(null);
        String renewed = lease == null || lease.getSpec() == null ? null : String.valueOf(lease.getSpec().getRenewTime());
        if (previous == null) {
            Instant start = heartbeat == null && node.getMetadata().getCreationTimestamp() != null
                    ? Instant.parse(node.getMetadata().getCreationTimestamp()) : now;
            return new Probe(heartbeat, renewed, start);
        }
        boolean changed = !Objects.equals(heartbeat, previous.heartbeat()) || !Objects.equals(renewed, previous.renewed());
        return changed ? new Probe(heartbeat, renewed, now) : previous;
    }

    /** Whether the node has said nothing for longer than {@code grace}. */
    boolean isStale(Instant now, Duration grace) {
        return now.isAfter(probed.plus(grace));
    }

    /** How long until the node goes stale (zero when it is). */
    Duration untilStale(Instant now, Duration grace) {
        Duration left = Duration.between(now, probed.plus(grace));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
