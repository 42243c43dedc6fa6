package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Optional;

/** What controllers read from a pod's status: readiness and whether it has finished for good. */
public final class PodStates {
    private PodStates() {
    }

    /** Whether the pod's {@code Ready} condition is {@code True}. */
    public static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** The condition of {@code type}, if the pod has it. */
    public static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Succeeded or Failed: the pod will never run again. */
    public static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Whether the pod is being deleted. */
    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** The pod's IP, or null before it has one. */
    public static String ip(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }
}
