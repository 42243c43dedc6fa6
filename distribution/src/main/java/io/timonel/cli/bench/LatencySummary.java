package io.timonel.cli.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a set of latencies, in milliseconds.
 *
 * @param count number of recorded latencies
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param maxMs largest recorded latency
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double maxMs) {

    /** No latency recorded. */
    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);

    /** A histogram for nanosecond latencies, 3 significant digits, growing as needed. */
    public static Histogram newHistogram() {
        return new Histogram(3);
    }

    /** Summarises a histogram of nanosecond values; {@link #EMPTY} when it holds none. */
    public static LatencySummary of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(nanos.getTotalCount(),
                millis(nanos.getValueAtPercentile(50)),
                millis(nanos.getValueAtPercentile(99)),
                millis(nanos.getMaxValue()));
    }

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
