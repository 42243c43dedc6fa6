package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of a node that stopped posting its status, as Kubernetes' node lifecycle
 * controller writes them: Ready, MemoryPressure, DiskPressure and PIDPressure become
 * {@code Unknown} (reason {@code NodeStatusUnknown}, "Kubelet stopped posting node status."),
 * keeping their last heartbeat; those the node never posted are added as {@code Unknown} with
 * reason {@code NodeStatusNeverUpdated}.
 */
final class NodeConditions {
    static final List<String> WATCHED = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    static final String STOPPED = "Kubelet stopped posting node status.";
    static final String NEVER = "Kubelet never posted node status.";

    private NodeConditions() {
    }

    static Optional<NodeCondition> find(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The Ready condition's status: True, False, or Unknown (also when absent). */
    static String readiness(Node node) {
        return find(node, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
    }

    /** The conditions of a stale node; empty when they already say Unknown. */
    static Optional<List<NodeCondition>> unknown(Node node, Instant now) {
        String time = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            node.getStatus().getConditions().forEach(c -> conditions.add(new NodeConditionBuilder(c).build()));
        }
        boolean changed = false;
        for (String type : WATCHED) {
            NodeCondition current = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
            if (current == null) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown")
                        .withReason("NodeStatusNeverUpdated").withMessage(NEVER)
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(time).build());
                changed = true;
            } else if (!"Unknown".equals(current.getStatus())) {
                current.setStatus("Unknown");
                current.setReason("NodeStatusUnknown");
                current.setMessage(STOPPED);
                current.setLastTransitionTime(time);
                changed = true;
            }
        }
        return changed ? Optional.of(conditions) : Optional.empty();
    }
}
