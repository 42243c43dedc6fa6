package io.timonel.plugins.controllers.kit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keys of objects waiting to be reconciled, as client-go's work queue: a key is queued at most
 * once however often it is added, is handed to one worker at a time (added again while being
 * processed, it is queued once that worker is {@link #done done}), and can come back later, either
 * after a fixed delay or after a per-key exponential back-off for failures.
 */
public final class WorkQueue {
    static final Duration BASE_BACKOFF = Duration.ofMillis(5);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(300);

    private final ScheduledExecutorService timers;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean shutDown;

    /** @param timers runs delayed additions */
    public WorkQueue(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /** Queues {@code key} unless it is already waiting. */
    public synchronized void add(String key) {
        if (shutDown || !dirty.add(key)) {
            return;
        }
        if (!processing.contains(key)) {
            queue.addLast(key);
            notify();
        }
    }

    /** Queues {@code key} once {@code delay} has passed. */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
        } else {
            timers.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Queues {@code key} after its back-off, which doubles with each failure until {@link #forget}. */
    public void addRateLimited(String key) {
        int count;
        synchronized (this) {
            count = failures.merge(key, 1, Integer::sum);
        }
        addAfter(key, backoff(count));
    }

    static Duration backoff(int failures) {
        long millis = BASE_BACKOFF.toMillis() << Math.min(failures - 1, 30);
        return millis <= 0 || millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
    }

    /** Clears the failure count of {@code key}: it succeeded. */
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    /** Failures of {@code key} since it last succeeded. */
    public synchronized int failures(String key) {
        return failures.getOrDefault(key, 0);
    }

    /** The next key to process, waiting for one; empty once the queue is shut down. */
    public synchronized Optional<String> take() throws InterruptedException {
        while (queue.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return Optional.empty();
        }
        String key = queue.removeFirst();
        dirty.remove(key);
        processing.add(key);
        return Optional.of(key);
    }

    /** Marks {@code key} processed; if it was added meanwhile, it is queued again. */
    public synchronized void done(String key) {
        processing.remove(key);
        if (dirty.contains(key) && !shutDown) {
            queue.addLast(key);
            notify();
        }
    }

    /** Keys waiting (not those being processed). */
    public synchronized int size() {
        return queue.size();
    }

    /** Wakes every waiting worker with nothing: the loop stops. */
    public synchronized void shutDown() {
        shutDown = true;
        notifyAll();
    }
}
