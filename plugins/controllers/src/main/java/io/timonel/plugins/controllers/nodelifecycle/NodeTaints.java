package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The taints Kubernetes' node lifecycle controller keeps in step with a node's conditions:
 * NoExecute {@code not-ready} (Ready=False) or {@code unreachable} (Ready=Unknown), which evict;
 * NoSchedule for the same two and for memory, disk and PID pressure and an unavailable network,
 * which only keep new pods away; and NoSchedule {@code unschedulable} mirroring
 * {@code spec.unschedulable} ({@code kubectl cordon}). Other taints are the user's and stay.
 */
final class NodeTaints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    /** condition type -> status -> NoSchedule taint key */
    private static final Map<String, Map<String, String>> NO_SCHEDULE = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));
    private static final List<String> MANAGED_NO_SCHEDULE = List.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE,
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/network-unavailable", "node.kubernetes.io/pid-pressure");

    private NodeTaints() {
    }

    /** What may be done with the NoExecute taints of a node now. */
    enum NoExecute {
        /** Add and remove them as the conditions say. */
        APPLY,
        /** Remove those no longer wanted, but add none yet (the zone's taint rate is used up). */
        DEFER,
        /** Remove them all: every zone is down, evicting would not help. */
        LIFT
    }

    /** The node's taints as they should be; empty when they already are. */
    static Optional<List<Taint>> desired(Node node, Instant now) {
        return desired(node, now, NoExecute.APPLY);
    }

    /** Whether the conditions call for a NoExecute taint the node does not have yet. */
    static boolean wantsNewNoExecute(Node node) {
        String ready = NodeConditions.find(node, "Ready").map(c -> c.getStatus()).orElse(null);
        String key = "False".equals(ready) ? NOT_READY : "Unknown".equals(ready) ? UNREACHABLE : null;
        return key != null && noExecute(node).stream().noneMatch(t -> key.equals(t.getKey()));
    }

    /** The node's taints as they should be under {@code policy}; empty when they already are. */
    static Optional<List<Taint>> desired(Node node, Instant now, NoExecute policy) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> wanted = new ArrayList<>();
        String ready = NodeConditions.find(node, "Ready").map(c -> c.getStatus()).orElse(null);
        if (policy == NoExecute.APPLY && "False".equals(ready)) {
            wanted.add(taint(NOT_READY, "NoExecute"));
        } else if (policy == NoExecute.APPLY && "Unknown".equals(ready)) {
            wanted.add(taint(UNREACHABLE, "NoExecute"));
        } else if (policy == NoExecute.DEFER) {
            // keep the one that still matches the condition; a taint for a condition gone goes
            String keep = "False".equals(ready) ? NOT_READY : "Unknown".equals(ready) ? UNREACHABLE : null;
            current.stream().filter(t -> "NoExecute".equals(t.getEffect()) && t.getKey().equals(keep))
                    .forEach(t -> wanted.add(taint(keep, "NoExecute")));
        }
        NO_SCHEDULE.forEach((type, byStatus) -> NodeConditions.find(node, type)
                .map(c -> byStatus.get(c.getStatus())).ifPresent(key -> wanted.add(taint(key, "NoSchedule"))));
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(taint(UNSCHEDULABLE, "NoSchedule"));
        }
        List<Taint> result = new ArrayList<>();
        boolean changed = false;
        for (Taint t : current) {
            if (isManaged(t) && wanted.stream().noneMatch(w -> same(w, t))) {
                changed = true;
            } else {
                result.add(t);
            }
        }
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (Taint w : wanted) {
            if (current.stream().noneMatch(t -> same(w, t))) {
                if ("NoExecute".equals(w.getEffect())) {
                    w.setTimeAdded(time);
                }
                result.add(w);
                changed = true;
            }
        }
        return changed ? Optional.of(result) : Optional.empty();
    }

    /** The node's NoExecute taints: those that evict. */
    static List<Taint> noExecute(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return List.of();
        }
        return node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    }

    private static boolean isManaged(Taint t) {
        return ("NoExecute".equals(t.getEffect()) && (NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey())))
                || ("NoSchedule".equals(t.getEffect()) && MANAGED_NO_SCHEDULE.contains(t.getKey()));
    }

    private static boolean same(Taint a, Taint b) {
        return a.getKey().equals(b.getKey()) && a.getEffect().equals(b.getEffect());
    }

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }
}
