package io.timonel.spi.scheduler;

/**
 * Ranks one feasible node for the pod, 0..{@link #MAX_SCORE} (or any range when the policy also
 * implements {@link NormalizeScore}). The profile multiplies it by the policy's weight. Called for
 * many nodes per cycle: keep it free of allocation. Scoring cannot fail; a policy that cannot score
 * returns {@link Status#skip()} from {@link PreScore} instead.
 */
public interface Score extends Policy {

    long MAX_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);
}
