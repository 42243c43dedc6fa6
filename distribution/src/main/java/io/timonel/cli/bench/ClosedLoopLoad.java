package io.timonel.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: each of N workers sends its next request as soon as the previous one is
 * answered, which finds the peak throughput at that concurrency. Latencies go into one
 * histogram per worker, merged at the end, so recording never contends.
 */
public final class ClosedLoopLoad {

    /** A worker gives up after this many failures in a row (the target is down or refuses). */
    static final int MAX_CONSECUTIVE_FAILURES = 100;

    private final ThreadFactory threads;
    private final LongSupplier nanoTicker;

    /**
     * @param threads    makes the worker threads
     * @param nanoTicker monotonic time in nanoseconds ({@code System::nanoTime} in production)
     */
    public ClosedLoopLoad(ThreadFactory threads, LongSupplier nanoTicker) {
        this.threads = threads;
        this.nanoTicker = nanoTicker;
    }

    /** Runs {@code operation} from {@code workers} threads until the budget is spent; blocks until all end. */
    public LoadResult run(int workers, Budget budget, Operation operation) throws InterruptedException {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive: " + workers);
        }
        AtomicLong sequence = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Histogram[] histograms = new Histogram[workers];
        long start = nanoTicker.getAsLong();
        long deadline = budget.countsOperations() ? Long.MAX_VALUE : start + budget.duration().toNanos();
        List<Thread> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Histogram histogram = LatencySummary.newHistogram();
            histograms[w] = histogram;
            Thread thread = threads.newThread(() -> {
                int consecutiveFailures = 0;
                while (consecutiveFailures < MAX_CONSECUTIVE_FAILURES && !Thread.currentThread().isInterrupted()) {
                    long before = nanoTicker.getAsLong();
                    if (before - deadline >= 0) {
                        return;
                    }
                    long seq = sequence.getAndIncrement();
                    if (budget.countsOperations() && seq >= budget.operations()) {
                        return;
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
                        histogram.recordValue(Math.max(0, nanoTicker.getAsLong() - before));
                        consecutiveFailures = 0;
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, failure);
                        consecutiveFailures++;
                    }
                }
            });
            running.add(thread);
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
