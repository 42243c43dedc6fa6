package io.timonel.plugins.nodeagent.events;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where the agent reports what it did to a pod (core/v1 Events from component {@code kubelet}).
 * Best effort and non-blocking: reporting never delays or fails a sync.
 */
public interface PodEvents {

    /**
     * Records an event.
     *
     * @param fieldPath the part of the pod it is about ({@code spec.containers{main}}), or null for the pod
     * @param warning   type Warning rather than Normal
     */
    void record(Pod pod, String fieldPath, boolean warning, String reason, String message);

    default void normal(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, false, reason, message);
    }

    default void warning(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, true, reason, message);
    }

    /** Events go nowhere (tests). */
    PodEvents NONE = (pod, fieldPath, warning, reason, message) -> {
    };
}
