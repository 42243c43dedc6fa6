package io.timonel.cli.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load phase achieved.
 *
 * @param succeeded    operations that succeeded
 * @param failed       operations that failed
 * @param elapsedNanos wall-clock time of the phase
 * @param latencies    nanosecond latencies of the successful operations
 * @param firstFailure description of the first failure, or null
 */
public record LoadResult(long succeeded, long failed, long elapsedNanos, Histogram latencies, String firstFailure) {

    /** Successful operations per second. */
    public double opsPerSecond() {
        return elapsedNanos <= 0 ? 0 : succeeded * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
    }

    public LatencySummary latency() {
        return LatencySummary.of(latencies);
    }

    /**
     * Several runs of the same phase as one: operations and elapsed times add up (so the
     * throughput is over the time actually spent), latencies merge, the first failure is kept.
     */
    public static LoadResult combine(java.util.List<LoadResult> parts) {
        long ok = 0;
        long failed = 0;
        long elapsed = 0;
        String firstFailure = null;
        Histogram merged = LatencySummary.newHistogram();
        for (LoadResult part : parts) {
            ok += part.succeeded();
            failed += part.failed();
            elapsed += part.elapsedNanos();
            merged.add(part.latencies());
            if (firstFailure == null) {
                firstFailure = part.firstFailure();
            }
        }
        return new LoadResult(ok, failed, elapsed, merged, firstFailure);
    }
}
