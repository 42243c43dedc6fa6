package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopLoadTest {

    private static final ThreadFactory THREADS = Thread::new;

    @Test
    void anOperationBudgetRunsEachSequenceNumberExactlyOnceAcrossWorkers() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicLong clock = new AtomicLong();

        LoadResult result = new ClosedLoopLoad(THREADS, clock::get).run(8, Budget.ops(1000), (worker, seq) -> {
            assertTrue(seen.add(seq), "sequence " + seq + " twice");
            return null;
        });

        assertEquals(1000, result.succeeded());
        assertEquals(0, result.failed());
        assertEquals(1000, seen.size());
        assertTrue(seen.stream().allMatch(s -> s >= 0 && s < 1000));
    }

    @Test
    void latencyIsTheTimeEachOperationTookAndThroughputIsOverTheWholePhase() throws Exception {
        AtomicLong clock = new AtomicLong();
        long twoMillis = TimeUnit.MILLISECONDS.toNanos(2);

        LoadResult result = new ClosedLoopLoad(THREADS, clock::get).run(1, Budget.ops(500), (worker, seq) -> {
            clock.addAndGet(twoMillis);
            return null;
        });

        assertEquals(2.0, result.latency().p50Ms(), 0.01);
        assertEquals(2.0, result.latency().p99Ms(), 0.01);
        assertEquals(500.0, result.opsPerSecond(), 0.001);
    }

    @Test
    void aTimeBudgetStopsWorkersAtTheDeadline() throws Exception {
        AtomicLong clock = new AtomicLong();

        LoadResult result = new ClosedLoopLoad(THREADS, clock::get).run(1, Budget.time(Duration.ofSeconds(1)),
                (worker, seq) -> {
                    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
                    return null;
                });

        assertEquals(100, result.succeeded());
    }

    @Test
    void failuresAreCountedWithTheFirstReasonAndAWorkerGivesUpAfterManyInARow() throws Exception {
        AtomicLong clock = new AtomicLong();

        LoadResult result = new ClosedLoopLoad(THREADS, clock::get).run(1, Budget.ops(1_000_000), (worker, seq) -> {
            if (seq == 0) {
                throw new java.io.IOException("connection refused");
            }
            return "HTTP 500";
        });

        assertEquals(0, result.succeeded());
        assertEquals(ClosedLoopLoad.MAX_CONSECUTIVE_FAILURES, result.failed());
        assertEquals("java.io.IOException: connection refused", result.firstFailure());
    }
}
