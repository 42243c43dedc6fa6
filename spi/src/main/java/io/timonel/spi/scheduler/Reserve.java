package io.timonel.spi.scheduler;

/**
 * Holds resources of its own for the pod on the chosen node before binding (the pod is already
 * assumed there in the scheduler's cache). If a later stage fails, every reserve policy's
 * {@link #unreserve} is called, in reverse order; it must be idempotent and cannot fail.
 */
public interface Reserve extends Policy {

    Status reserve(CycleState state, PodInfo pod, String nodeName);

    void unreserve(CycleState state, PodInfo pod, String nodeName);
}
