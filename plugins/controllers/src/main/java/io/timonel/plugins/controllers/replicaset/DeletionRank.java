package io.timonel.plugins.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.controllers.kit.PodStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a shrinking ReplicaSet deletes first, as Kubernetes' ActivePodsWithRanks: unscheduled
 * before scheduled; Pending before Unknown before Running; not ready before ready; pods sharing a
 * node with more of their siblings first; lower {@code controller.kubernetes.io/pod-deletion-cost}
 * first; ready for less time first; more restarts first; newer first.
 */
public final class DeletionRank {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private DeletionRank() {
    }

    /** The first {@code count} pods of {@code pods} to delete, in order. */
    public static List<Pod> victims(List<Pod> pods, int count) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod pod : pods) {
            String node = nodeName(pod);
            if (!node.isEmpty()) {
                perNode.merge(node, 1, Integer::sum);
            }
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(order(perNode));
        return sorted.subList(0, Math.min(count, sorted.size()));
    }

    static Comparator<Pod> order(Map<String, Integer> colocated) {
        Comparator<Pod> byScheduled = Comparator.comparing(p -> !nodeName(p).isEmpty());
        Comparator<Pod> byPhase = Comparator.comparingInt(DeletionRank::phaseRank);
        Comparator<Pod> byReady = Comparator.comparing(PodStates::isReady);
        Comparator<Pod> byColocation = Comparator.comparingInt(
                (Pod p) -> colocated.getOrDefault(nodeName(p), 0)).reversed();
        Comparator<Pod> byCost = Comparator.comparingInt(DeletionRank::deletionCost);
        // both ready: the one ready for less time goes first (later transition first)
        Comparator<Pod> byReadyTime = (a, b) -> {
            Instant ra = PodStates.readySince(a);
            Instant rb = PodStates.readySince(b);
            if (!PodStates.isReady(a) || !PodStates.isReady(b) || ra == null || rb == null || ra.equals(rb)) {
                return 0;
            }
            return rb.compareTo(ra);
        };
        Comparator<Pod> byRestarts = Comparator.comparingInt(DeletionRank::restarts).reversed();
        Comparator<Pod> byAge = Comparator.comparing(DeletionRank::created).reversed();
        return byScheduled.thenComparing(byPhase).thenComparing(byReady).thenComparing(byColocation)
                .thenComparing(byCost).thenComparing(byReadyTime).thenComparing(byRestarts).thenComparing(byAge);
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static int phaseRank(Pod pod) {
        return switch (PodStates.phase(pod)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static int deletionCost(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(DELETION_COST);
        if (cost == null) {
            return 0;
        }
        try {
            return Integer.parseInt(cost.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).max().orElse(0);
    }

    private static Instant created(Pod pod) {
        String ts = pod.getMetadata().getCreationTimestamp();
        return ts == null ? Instant.EPOCH : Instant.parse(ts);
    }
}
