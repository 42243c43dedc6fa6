package io.timonel.spi.scheduler;

/**
 * Once per cycle before filtering: checks the pod itself and precomputes what {@link Filter}
 * reads per node (into the {@link CycleState}). A rejection ends the cycle for every node;
 * {@link Status#skip()} skips this policy's filter for the pod.
 */
public interface PreFilter extends Policy {

    Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot);
}
