package io.timonel.plugins.localpath;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keys waiting to be reconciled, each at most once in the queue, and never handed to two workers
 * at once: a key added while it is being processed is processed again afterwards. Thread-safe.
 */
final class WorkQueue {
    private final Set<String> pending = new LinkedHashSet<>();
    private final Set<String> active = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final ScheduledExecutorService timers;
    private boolean closed;

    WorkQueue(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    synchronized void add(String key) {
        if (closed) {
            return;
        }
        if (active.contains(key)) {
            dirty.add(key);
        } else if (pending.add(key)) {
            notifyAll();
        }
    }

    void addAfter(String key, Duration delay) {
        timers.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next key, waiting for one; null once closed. */
    synchronized String take() throws InterruptedException {
        while (pending.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        String key = pending.iterator().next();
        pending.remove(key);
        active.add(key);
        return key;
    }

    /** Marks {@code key} processed; it is queued again when it was added meanwhile. */
    synchronized void done(String key) {
        active.remove(key);
        if (dirty.remove(key)) {
            add(key);
        }
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
