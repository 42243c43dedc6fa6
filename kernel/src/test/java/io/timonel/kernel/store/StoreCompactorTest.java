package io.timonel.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.kernel.store.sqlite.SqliteStoreBackend;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCompactorTest {
    @TempDir
    Path directory;

    private StoreBackend store;
    private final CapturingScheduler scheduler = new CapturingScheduler();

    @BeforeEach
    void openStoreWithHistory() throws Exception {
        store = SqliteStoreBackend.open(directory.resolve("state.db"));
        KeyValue kv = ((WriteResult.Written) store.create("/k", bytes("0"))).kv();
        for (int i = 1; i < 100; i++) {
            kv = ((WriteResult.Written) store.update("/k", bytes(Integer.toString(i)), kv.modRevision())).kv();
        }
        assertEquals(100, store.currentRevision());
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        scheduler.shutdownNow();
    }

    @Test
    void runCompactsToCurrentRevisionMinusKeptRevisions() throws Exception {
        StoreCompactor compactor = compactor(new StoreCompactor.Settings(Duration.ofMinutes(5), 30,
                Duration.ofSeconds(1), 7), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        StoreCompactor.Run run = compactor.runOnce();

        assertEquals(new StoreCompactor.Run(0, 70, 70), run);
        assertTrue(run.finished());
        assertEquals(70, store.compactedRevision());
        assertEquals("99", new String(store.get("/k").value(), StandardCharsets.UTF_8));
    }

    @Test
    void runStopsWhenItsTimeBudgetIsSpentAndTheNextRunCarriesOn() throws Exception {
        // Every reading of the clock is one second later: a 2 s budget allows two steps.
        StoreCompactor compactor = compactor(new StoreCompactor.Settings(Duration.ofMinutes(5), 0,
                Duration.ofSeconds(2), 25), new TickingClock(Duration.ofSeconds(1)));

        StoreCompactor.Run first = compactor.runOnce();
        StoreCompactor.Run second = compactor.runOnce();

        assertEquals(new StoreCompactor.Run(0, 50, 100), first);
        assertFalse(first.finished());
        assertEquals(new StoreCompactor.Run(50, 100, 100), second);
        assertTrue(second.finished());
    }

    @Test
    void runWithTooLittleHistoryDoesNothing() throws Exception {
        StoreCompactor compactor = compactor(new StoreCompactor.Settings(Duration.ofMinutes(5), 1000,
                Duration.ofSeconds(1), 10), Clock.systemUTC());

        StoreCompactor.Run run = compactor.runOnce();

        assertEquals(new StoreCompactor.Run(0, 0, 0), run);
        assertEquals(0, store.compactedRevision());
    }

    @Test
    void startSchedulesRunsEveryIntervalUntilClosed() throws Exception {
        StoreCompactor compactor = compactor(new StoreCompactor.Settings(Duration.ofSeconds(30), 10,
                Duration.ofSeconds(1), 1000), Clock.systemUTC());

        compactor.start();

        assertEquals(30_000, scheduler.initialDelayMillis);
        assertEquals(30_000, scheduler.delayMillis);
        scheduler.task.run();                                            // as the scheduler would
        assertEquals(90, store.compactedRevision());
        assertThrows(IllegalStateException.class, compactor::start);
        compactor.close();
        assertTrue(scheduler.future.isCancelled());
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new StoreCompactor.Settings(Duration.ZERO, 10, Duration.ofSeconds(1), 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StoreCompactor.Settings(Duration.ofMinutes(1), -1, Duration.ofSeconds(1), 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StoreCompactor.Settings(Duration.ofMinutes(1), 10, Duration.ofSeconds(-1), 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StoreCompactor.Settings(Duration.ofMinutes(1), 10, Duration.ofSeconds(1), 0));
        assertInstanceOf(StoreCompactor.Settings.class, StoreCompactor.Settings.defaults());
    }

    private StoreCompactor compactor(StoreCompactor.Settings settings, Clock clock) {
        return new StoreCompactor(store, settings, scheduler, clock);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A clock that moves forward by a fixed step each time it is read. */
    private static final class TickingClock extends Clock {
        private final Duration step;
        private Instant now = Instant.EPOCH;

        TickingClock(Duration step) {
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Records the periodic task instead of running it. */
    private static final class CapturingScheduler extends ScheduledThreadPoolExecutor {
        Runnable task;
        long initialDelayMillis;
        long delayMillis;
        ScheduledFuture<?> future;

        CapturingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            task = command;
            initialDelayMillis = unit.toMillis(initialDelay);
            delayMillis = unit.toMillis(delay);
            future = schedule(() -> { }, 1, TimeUnit.DAYS);
            return future;
        }
    }
}
