package io.timonel.spi.scheduler;

import java.util.List;

/** Once per cycle before scoring, with the feasible nodes: precompute what {@link Score} reads. Skip skips this policy's score. */
public interface PreScore extends Policy {

    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible);
}
