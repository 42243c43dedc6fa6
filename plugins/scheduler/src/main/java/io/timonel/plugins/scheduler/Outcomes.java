package io.timonel.plugins.scheduler;

import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;

/** Where the scheduler reports what became of a pod (events, pod status); must not block. */
public interface Outcomes {

    /** The pod is bound to {@code node}. Called on a binding-completion thread. */
    void scheduled(PodInfo pod, String node);

    /** No node fits; {@code message} is the FailedScheduling text. Scheduling thread. */
    void unschedulable(PodInfo pod, String message);

    /** A stage failed with an error, or binding was refused; the pod is retried after back-off. */
    void failed(PodInfo pod, Status status);
}
