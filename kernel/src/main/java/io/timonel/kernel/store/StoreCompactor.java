package io.timonel.kernel.store;

import io.timonel.spi.store.StoreBackend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's history bounded: every {@link Settings#interval()} it compacts to the current
 * revision minus {@link Settings#keepRevisions()}, in steps of {@link Settings#stepRevisions()},
 * and stops a run once its {@link Settings#timeBudget()} is spent (the next run carries on), so a
 * large backlog never holds up writes for long. Works with any {@link StoreBackend}.
 *
 * <p>Watches from revisions older than what it compacted get {@code 410 Gone} and re-list, as in
 * Kubernetes; {@code keepRevisions} is the window a briefly disconnected watcher can resume in.
 */
public final class StoreCompactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCompactor.class);

    /**
     * @param interval      time between the end of one run and the start of the next
     * @param keepRevisions how many recent revisions of history are kept
     * @param timeBudget    a run starts no new step after this much time (it always does one)
     * @param stepRevisions most revisions compacted by one step
     */
    public record Settings(Duration interval, long keepRevisions, Duration timeBudget, long stepRevisions) {
        /** @throws IllegalArgumentException on a non-positive interval or step, or a negative keep or budget */
        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeBudget, "timeBudget");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
            if (timeBudget.isNegative()) {
                throw new IllegalArgumentException("timeBudget must not be negative, got " + timeBudget);
            }
            if (keepRevisions < 0) {
                throw new IllegalArgumentException("keepRevisions must not be negative, got " + keepRevisions);
            }
            if (stepRevisions <= 0) {
                throw new IllegalArgumentException("stepRevisions must be positive, got " + stepRevisions);
            }
        }

        /** Every 5 minutes (as kube-apiserver), keep 10000 revisions, 1 s per run, 1000 per step. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 10_000, Duration.ofSeconds(1), 1_000);
        }
    }

    /**
     * What one run did.
     *
     * @param compactedBefore the compacted revision when the run started
     * @param compactedAfter  the compacted revision when it ended
     * @param target          the revision it was aiming for
     */
    public record Run(long compactedBefore, long compactedAfter, long target) {
        /** Whether the run reached its target (or had nothing to do). */
        public boolean finished() {
            return compactedAfter >= target;
        }
    }

    private final StoreBackend store;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private ScheduledFuture<?> scheduled;

    /**
     * @param scheduler runs the periodic compaction; not shut down by {@link #close}
     * @param clock     measures each run's time budget
     */
    public StoreCompactor(StoreBackend store, Settings settings, ScheduledExecutorService scheduler, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Schedules a run every interval, the first one interval from now. A failing run is logged and
     * the next one tries again.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (scheduled != null) {
            throw new IllegalStateException("store compactor already started");
        }
        long millis = settings.interval().toMillis();
        scheduled = scheduler.scheduleWithFixedDelay(this::runLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Compacts once towards {@code current - keepRevisions}, within the time budget. */
    public Run runOnce() throws IOException {
        long before = store.compactedRevision();
        long target = store.currentRevision() - settings.keepRevisions();
        if (target <= before) {
            return new Run(before, before, Math.max(target, 0));
        }
        Instant deadline = clock.instant().plus(settings.timeBudget());
        long compacted = before;
        while (true) {
            long next = store.compact(Math.min(target, compacted + settings.stepRevisions()));
            boolean progressed = next > compacted;
            compacted = next;
            if (compacted >= target || !progressed || !clock.instant().isBefore(deadline)) {
                break;
            }
        }
        return new Run(before, compacted, target);
    }

    private void runLogged() {
        try {
            Run run = runOnce();
            if (run.compactedAfter() > run.compactedBefore()) {
                LOG.debug("compacted store history from revision {} to {} (target {})",
                        run.compactedBefore(), run.compactedAfter(), run.target());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("store compaction failed; retrying at the next interval", e);
        }
    }

    /** Stops scheduling runs; a run in progress finishes. */
    @Override
    public synchronized void close() {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
