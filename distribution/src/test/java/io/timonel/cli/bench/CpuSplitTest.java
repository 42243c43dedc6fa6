package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuSplitTest {

    private final AtomicLong clock = new AtomicLong();
    private double serverSeconds;
    private double clientSeconds;

    @Test
    void busyCoresAreCpuSecondsPerWallSecondOfEachSide() {
        CpuSplit split = new CpuSplit(() -> serverSeconds, () -> clientSeconds, clock::get);
        CpuSplit.Mark start = split.mark();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(4));
        serverSeconds += 6;
        clientSeconds += 1;

        assertEquals("cores busy: server 1.50, client 0.25", split.since(start));
    }

    @Test
    void aServerThatIsNotOurChildIsLeftOut() {
        CpuSplit split = new CpuSplit(null, () -> clientSeconds, clock::get);
        CpuSplit.Mark start = split.mark();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        clientSeconds += 1;

        assertEquals("cores busy: client 0.50", split.since(start));
    }
}
