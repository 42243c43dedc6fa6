package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Where pod statuses and finished deletions go (the API server). Called from pod workers; blocking. */
public interface PodStatusWriter {

    /**
     * Writes {@code status} (built over {@code pod}'s) through {@code pods/status}; on a conflict,
     * merges the fields the agent owns into the latest pod and tries again.
     *
     * @return true when written; false when the pod is gone (or is another pod by now) or the write failed
     */
    boolean write(Pod pod, PodStatus status);

    /**
     * Finishes a graceful deletion: deletes the pod with grace period 0 and a uid precondition.
     *
     * @return true when the pod is gone (or is another pod by now); false to try again later
     */
    boolean delete(Pod pod);
}
