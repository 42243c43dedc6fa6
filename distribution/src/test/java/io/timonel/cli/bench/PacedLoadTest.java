package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacedLoadTest {

    @Test
    void aTimeBudgetAtAFixedRateSchedulesRateTimesDurationOperations() throws Exception {
        AtomicLong clock = new AtomicLong();
        List<Long> dueTimes = Collections.synchronizedList(new ArrayList<>());
        PacedLoad paced = new PacedLoad(Thread::new, clock::get, clock::addAndGet);

        LoadResult result = paced.run(1, 200, Budget.time(Duration.ofSeconds(2)), (worker, seq) -> {
            dueTimes.add(clock.get());
            return null;
        });

        assertEquals(400, result.succeeded());
        assertEquals(0L, dueTimes.get(0));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5 * 399), dueTimes.get(399));
        assertEquals(0.0, result.latency().maxMs(), 0.001);
    }

    @Test
    void latencyCountsFromTheScheduledSendSoQueueingBehindASlowServerShows() throws Exception {
        AtomicLong clock = new AtomicLong();
        long tenMillis = TimeUnit.MILLISECONDS.toNanos(10);
        // one worker, due every 5 ms, each operation takes 10 ms: operation i starts 5*i ms late
        LoadResult result = new PacedLoad(Thread::new, clock::get, clock::addAndGet).run(1, 200, Budget.ops(10), (worker, seq) -> {
            clock.addAndGet(tenMillis);
            return null;
        });

        assertEquals(10, result.succeeded());
        assertEquals(55.0, result.latency().maxMs(), 0.1);
        assertEquals(10.0, result.latencies().getMinValue() / 1e6, 0.1);
    }
}
