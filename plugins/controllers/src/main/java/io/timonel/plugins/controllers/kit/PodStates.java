package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Optional;

/** The pod states workload controllers count by, as Kubernetes' podutil defines them. */
public final class PodStates {
    private PodStates() {
    }

    /** Not finished (Succeeded/Failed) and not being deleted: it counts towards replicas. */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !isTerminating(pod);
    }

    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    /** The Ready condition, if reported. */
    public static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** Ready=True. */
    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Since when it has been Ready, or null (not ready, or no transition time reported). */
    public static Instant readySince(Pod pod) {
        return readyCondition(pod).filter(c -> "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Instant.parse(c.getLastTransitionTime())).orElse(null);
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** Running and Ready, what StatefulSets wait for. */
    public static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && isReady(pod);
    }
}
