package io.timonel.plugins.nodeagent.eviction;

import io.timonel.plugins.nodeagent.pods.QosClass;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which pods are evicted under pressure: BestEffort first, then Burstable, then
 * Guaranteed; within a class, the largest memory user first.
 */
public final class EvictionRanking {
    private EvictionRanking() {
    }

    public static List<Candidate> order(List<Candidate> candidates) {
        return candidates.stream()
                .sorted(Comparator.comparingInt((Candidate c) -> QosClass.evictionRank(c.qosClass()))
                        .thenComparing(Comparator.comparingLong(Candidate::memoryBytes).reversed())
                        .thenComparing(Candidate::name))
                .toList();
    }
}
