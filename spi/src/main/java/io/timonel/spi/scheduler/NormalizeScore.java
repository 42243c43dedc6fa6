package io.timonel.spi.scheduler;

/** Optional part of a {@link Score} policy: rescales its raw scores to 0..{@link Score#MAX_SCORE}, once per cycle. */
public interface NormalizeScore extends Score {

    void normalize(CycleState state, PodInfo pod, NodeScores scores);
}
