package io.timonel.spi.scheduler;

import java.time.Clock;

/** What a policy may use: the current cycle's snapshot, the cluster, the clock. Never the scheduler's internals. */
public interface SchedulerHandle {

    /** The snapshot of the cycle running now (on the scheduling thread); replaced every cycle. */
    Snapshot snapshot();

    /** Reads and writes on the cluster that policies need (binding, preemption, volumes). */
    ClusterAccess cluster();

    Clock clock();

    /**
     * Runs the profile's filters for the pod on {@code node} (typically a copy with some pods
     * removed, as preemption asks "would it fit without them?"), with the cycle's state from
     * pre-filter. Scheduling thread only.
     */
    Status runFilters(CycleState state, PodInfo pod, NodeInfo node);
}
