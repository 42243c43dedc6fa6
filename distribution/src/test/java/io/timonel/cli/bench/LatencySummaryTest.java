package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfOneToHundredMillisecondsAreTheFiftiethAndNinetyNinthValues() {
        Histogram histogram = LatencySummary.newHistogram();
        for (int ms = 100; ms >= 1; ms--) {
            histogram.recordValue(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        LatencySummary summary = LatencySummary.of(histogram);

        assertEquals(100, summary.count());
        assertEquals(50.0, summary.p50Ms(), 0.05);
        assertEquals(99.0, summary.p99Ms(), 0.1);
        assertEquals(100.0, summary.maxMs(), 0.1);
    }

    @Test
    void aFewSlowRequestsMoveTheP99ButNotTheMedian() {
        Histogram histogram = LatencySummary.newHistogram();
        histogram.recordValueWithCount(TimeUnit.MICROSECONDS.toNanos(500), 980);
        histogram.recordValueWithCount(TimeUnit.MILLISECONDS.toNanos(40), 20);

        LatencySummary summary = LatencySummary.of(histogram);

        assertEquals(0.5, summary.p50Ms(), 0.001);
        assertEquals(40.0, summary.p99Ms(), 0.05);
    }

    @Test
    void microsecondLatenciesKeepThreeSignificantDigits() {
        Histogram histogram = LatencySummary.newHistogram();
        histogram.recordValue(1_234_567);

        assertEquals(1.234, LatencySummary.of(histogram).p50Ms(), 0.002);
    }

    @Test
    void anEmptyHistogramHasNoPercentiles() {
        LatencySummary summary = LatencySummary.of(LatencySummary.newHistogram());

        assertSame(LatencySummary.EMPTY, summary);
        assertEquals(Double.NaN, summary.p99Ms());
    }
}
