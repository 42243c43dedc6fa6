package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Score;

/**
 * Prefers nodes whose CPU and memory would be used in similar fractions with the pod on them:
 * score = (1 - standard deviation of the fractions) × 100.
 */
public final class NodeResourcesBalancedAllocation implements Score {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpuCap = node.allocatable().milliCpu();
        long memCap = node.allocatable().memory();
        if (cpuCap == 0 || memCap == 0) {
            return 0;
        }
        double cpu = Math.min(1.0, (double) (node.nonZeroRequested().milliCpu() + pod.nonZero().milliCpu()) / cpuCap);
        double mem = Math.min(1.0, (double) (node.nonZeroRequested().memory() + pod.nonZero().memory()) / memCap);
        // with two fractions the standard deviation is half their distance
        double std = Math.abs(cpu - mem) / 2;
        return (long) ((1 - std) * MAX_SCORE);
    }
}
