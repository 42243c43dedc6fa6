package io.timonel.spi.runtime;

import java.time.Instant;

/**
 * Resource usage of one container at {@code time}.
 *
 * @param cpuUsageNanos          CPU time used since it started (cumulative)
 * @param memoryWorkingSetBytes  memory in use that cannot be reclaimed (usage minus inactive file cache)
 */
public record ContainerStats(Instant time, long cpuUsageNanos, long memoryWorkingSetBytes) {
}
