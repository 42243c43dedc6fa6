package io.timonel.plugins.scheduler.framework;

import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Status;

/** What one scheduling cycle decided for a pod. */
public sealed interface ScheduleResult {

    /** A node was chosen. */
    record Scheduled(String node, CycleState state, int evaluated, int feasible) implements ScheduleResult {
    }

    /**
     * No node fits; {@code message} is Kubernetes' FailedScheduling text; {@code nominated} the
     * node preemption made room on, or null.
     */
    record Unschedulable(String message, String nominated) implements ScheduleResult {
    }

    /** A stage failed with an error; the pod is retried after back-off. */
    record Failed(Status status) implements ScheduleResult {
    }
}
