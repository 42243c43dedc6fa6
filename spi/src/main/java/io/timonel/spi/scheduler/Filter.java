package io.timonel.spi.scheduler;

/**
 * Whether the pod fits on one node: called for many nodes per cycle, so keep it free of
 * allocation (return constant statuses). Success, or a rejection with the reason counted in the
 * FailedScheduling message ("3 Insufficient cpu").
 */
public interface Filter extends Policy {

    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
