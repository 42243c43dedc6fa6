package io.timonel.plugins.scheduler.framework;

import io.timonel.spi.scheduler.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes' FailedScheduling text: {@code 0/5 nodes are available: 3 Insufficient cpu, 2
 * node(s) had untolerated taint {k: v}. preemption: ...}, reasons counted over nodes and sorted.
 */
public final class FailureMessage {

    private FailureMessage() {
    }

    /**
     * @param total       nodes in the snapshot
     * @param rejections  each rejected node's status
     * @param preemption  the post-filter's message, or null
     */
    public static String of(int total, Map<String, Status> rejections, String preemption) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : rejections.values()) {
            for (String reason : s.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        parts.sort(null);
        StringBuilder text = new StringBuilder("0/").append(total).append(" nodes are available");
        if (!parts.isEmpty()) {
            text.append(": ").append(String.join(", ", parts));
        }
        text.append('.');
        if (preemption != null && !preemption.isEmpty()) {
            text.append(" preemption: ").append(preemption);
        }
        return text.toString();
    }

    /** A pre-filter rejected the pod for every node. */
    public static String preFilter(int total, Status status) {
        return "0/" + total + " nodes are available: " + status.message() + ".";
    }
}
