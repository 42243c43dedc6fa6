package io.timonel.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: operation {@code i} is due at {@code start + i / rate}, and its
 * latency counts from when it was due, not from when a worker got round to it. A server that
 * falls behind therefore shows the queueing it causes (no coordinated omission).
 */
public final class PacedLoad {

    private final ThreadFactory threads;
    private final LongSupplier nanoTicker;
    private final LongConsumer sleeper;

    /** Waits with {@link LockSupport#parkNanos(long)} against {@code nanoTicker}. */
    public PacedLoad(ThreadFactory threads, LongSupplier nanoTicker) {
        this(threads, nanoTicker, LockSupport::parkNanos);
    }

    /**
     * @param nanoTicker monotonic time in nanoseconds
     * @param sleeper    waits about the given nanoseconds (may return early: the schedule is re-checked)
     */
    public PacedLoad(ThreadFactory threads, LongSupplier nanoTicker, LongConsumer sleeper) {
        this.threads = threads;
        this.nanoTicker = nanoTicker;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code operation} at {@code ratePerSecond} from up to {@code workers} concurrent
     * requests until the budget is spent.
     */
    public LoadResult run(int workers, double ratePerSecond, Budget budget, Operation operation)
            throws InterruptedException {
        if (ratePerSecond <= 0 || workers <= 0) {
            throw new IllegalArgumentException("rate and workers must be positive");
        }
        double interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long total = budget.countsOperations()
                ? budget.operations()
                : Math.max(1, (long) (budget.duration().toNanos() / interval));
        AtomicLong sequence = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Histogram[] histograms = new Histogram[workers];
        long start = nanoTicker.getAsLong();
        List<Thread> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Histogram histogram = LatencySummary.newHistogram();
            histograms[w] = histogram;
            running.add(threads.newThread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long seq = sequence.getAndIncrement();
                    if (seq >= total) {
                        return;
                    }
                    long due = start + (long) (seq * interval);
                    for (long wait = due - nanoTicker.getAsLong(); wait > 0; wait = due - nanoTicker.getAsLong()) {
                        sleeper.accept(wait);
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                    }
                    String failure;
                    try {
                        failure = operation.run(worker, seq);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failure = e.toString();
                    }
                    if (failure == null) {
                        histogram.recordValue(Math.max(0, nanoTicker.getAsLong() - due));
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, failure);
                    }
                }
            }));
        }
        running.forEach(Thread::start);
        try {
            for (Thread thread : running) {
                thread.join();
            }
        } catch (InterruptedException e) {
            running.forEach(Thread::interrupt);
            throw e;
        }
        long elapsed = nanoTicker.getAsLong() - start;
        Histogram merged = LatencySummary.newHistogram();
        for (Histogram h : histograms) {
            merged.add(h);
        }
        return new LoadResult(merged.getTotalCount(), failed.get(), elapsed, merged, firstFailure.get());
    }
}
