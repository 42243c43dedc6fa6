package io.timonel.plugins.controllers.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.timonel.plugins.controllers.hpa.ReplicaCalculator.PodInfo;
import io.timonel.plugins.controllers.hpa.ReplicaCalculator.Proposal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCalculatorTest {

    /** Pods p0.. with 100m requested; usage in milli-cores, null for a pod without metrics. */
    private static Object[] pods(Long... usage) {
        List<PodInfo> infos = new ArrayList<>();
        Map<String, Long> metrics = new HashMap<>();
        for (int i = 0; i < usage.length; i++) {
            infos.add(new PodInfo("p" + i, false, false, 100L));
            if (usage[i] != null) {
                metrics.put("p" + i, usage[i]);
            }
        }
        return new Object[] {infos, metrics};
    }

    @SuppressWarnings("unchecked")
    private static int replicas(int current, int target, Long... usage) {
        Object[] p = pods(usage);
        return ((Proposal) ReplicaCalculator.utilization(current, (List<PodInfo>) p[0], (Map<String, Long>) p[1], target,
                0.1, "cpu")).replicas();
    }

    @Test
    void utilizationProposals() {
        record Case(String name, int current, int target, Long[] usage, int expected) {
        }
        for (Case c : List.of(
                new Case("double the target doubles", 2, 50, new Long[] {100L, 100L}, 4),
                new Case("within tolerance stays", 2, 50, new Long[] {54L, 54L}, 2),
                new Case("half the target halves", 4, 50, new Long[] {25L, 25L, 25L, 25L}, 2),
                new Case("rounds up", 3, 50, new Long[] {60L, 60L, 60L}, 4),
                new Case("a pod without metrics counts as using its request when scaling down", 4, 50,
                        new Long[] {10L, 10L, 10L, null}, 3),
                new Case("which can hold the count", 3, 50, new Long[] {10L, 10L, null}, 3),
                new Case("a pod without metrics counts as idle when scaling up", 2, 50, new Long[] {100L, null}, 2),
                new Case("missing metrics that flip the direction keep the count", 2, 50, new Long[] {60L, null}, 2))) {
            assertEquals(c.expected(), replicas(c.current(), c.target(), c.usage()), c.name());
        }
    }

    @Test
    void reportsCurrentUtilizationAndAverage() {
        Proposal p = (Proposal) ReplicaCalculator.utilization(2, List.of(new PodInfo("a", false, false, 100L),
                new PodInfo("b", false, false, 100L)), Map.of("a", 150L, "b", 50L), 50, 0.1, "cpu");
        assertEquals(100, p.utilization());
        assertEquals(100, p.averageMilli());
    }

    @Test
    void unreadyAndIgnoredPodsDoNotCountAndNoUsableMetricsIsAFailure() {
        List<PodInfo> pods = List.of(new PodInfo("a", false, false, 100L), new PodInfo("b", false, true, 100L),
                new PodInfo("c", true, false, 100L));
        // a at 100% over a 50% target; b unready is assumed idle when scaling up: (100+0)/200 = 50% -> stays
        assertEquals(2, ((Proposal) ReplicaCalculator.utilization(2, pods, Map.of("a", 100L, "b", 100L, "c", 500L),
                50, 0.1, "cpu")).replicas());
        assertInstanceOf(ReplicaCalculator.Failure.class, ReplicaCalculator.utilization(2, pods, Map.of(), 50, 0.1, "cpu"));
        assertInstanceOf(ReplicaCalculator.Failure.class, ReplicaCalculator.utilization(2, List.of(), Map.of(), 50, 0.1, "cpu"));
    }

    @Test
    void averageValueTargets() {
        List<PodInfo> pods = List.of(new PodInfo("a", false, false, null), new PodInfo("b", false, false, null));
        Proposal p = (Proposal) ReplicaCalculator.averageValue(2, pods, Map.of("a", 300L, "b", 300L), 100L, 0.1, "cpu");
        assertEquals(6, p.replicas());
        assertEquals(300, p.averageMilli());
        assertEquals(null, p.utilization());
    }
}
