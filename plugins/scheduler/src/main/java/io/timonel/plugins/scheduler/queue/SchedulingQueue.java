package io.timonel.plugins.scheduler.queue;

import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.QueueSort;
import io.timonel.spi.scheduler.QueuedPod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pods waiting to be scheduled, in three parts as in Kubernetes: the active queue (ordered by
 * the profile's {@link QueueSort}), the back-off queue (pods that failed, until their back-off
 * ends) and the unschedulable pods (parked until a cluster event might make them fit, or
 * {@link #UNSCHEDULABLE_MAX} has passed). A pod popped for a cycle is "in flight" until
 * {@link #done} or {@link #failed}; if a cluster event came in the meantime, a failed pod goes
 * to back-off rather than parking, so the event is not missed. Thread-safe; time from the clock.
 */
public final class SchedulingQueue {

    /** Unschedulable pods are retried at least this often, even without events. */
    public static final Duration UNSCHEDULABLE_MAX = Duration.ofMinutes(5);

    private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT }

    private static final class Entry {
        PodInfo info;
        Instant timestamp;
        int attempts;
        Instant lastFailure = Instant.EPOCH;
        Where where;
        long poppedAtMove;
        QueuedPod queued;

        QueuedPod queued() {
            if (queued == null) {
                queued = new QueuedPod(info, timestamp, attempts);
            }
            return queued;
        }
    }

    private final Clock clock;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final PriorityQueue<Entry> active;
    private final PriorityQueue<Entry> backingOff;
    private final Map<String, Entry> unschedulable = new HashMap<>();
    private final Map<String, Entry> all = new HashMap<>();
    private long moves;
    private boolean closed;

    public SchedulingQueue(QueueSort order, Clock clock, Backoff backoff) {
        this.clock = clock;
        this.backoff = backoff;
        this.active = new PriorityQueue<>((a, b) -> order.compare(a.queued(), b.queued()));
        this.backingOff = new PriorityQueue<>(Comparator.comparing(this::backoffEnds));
    }

    private Instant backoffEnds(Entry e) {
        return e.lastFailure.plus(backoff.after(Math.max(1, e.attempts)));
    }

    /** A new pod to schedule, or a newer version of one already queued. */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            Entry e = all.get(pod.uid());
            if (e != null) {
                update(e, pod);
                return;
            }
            e = new Entry();
            e.info = pod;
            e.timestamp = clock.instant();
            all.put(pod.uid(), e);
            toActive(e);
        } finally {
            lock.unlock();
        }
    }

    private void update(Entry e, PodInfo pod) {
        e.info = pod;
        e.queued = null;
        switch (e.where) {
            case ACTIVE -> {
                active.remove(e);
                active.add(e);
            }
            case UNSCHEDULABLE -> {
                // the pod itself changed: it may fit now
                unschedulable.remove(pod.uid());
                toBackoffOrActive(e);
            }
            case IN_FLIGHT -> e.poppedAtMove = -1; // changed during its cycle: a failure must not park it
            default -> {
                // in back-off it waits its turn
            }
        }
    }

    /** The pod is gone or no longer ours to schedule. */
    public void delete(String uid) {
        lock.lock();
        try {
            Entry e = all.remove(uid);
            if (e == null) {
                return;
            }
            switch (e.where) {
                case ACTIVE -> active.remove(e);
                case BACKOFF -> backingOff.remove(e);
                case UNSCHEDULABLE -> unschedulable.remove(uid);
                case IN_FLIGHT -> {
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next pod to schedule, waiting up to {@code wait}; null when none came or the queue is closed. */
    public QueuedPod pop(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!closed) {
                flush();
                Entry e = active.poll();
                if (e != null) {
                    e.where = Where.IN_FLIGHT;
                    e.attempts++;
                    e.queued = null;
                    e.poppedAtMove = moves;
                    return e.queued();
                }
                if (nanos <= 0) {
                    return null;
                }
                long until = nanos;
                Entry next = backingOff.peek();
                if (next != null) {
                    until = Math.min(until, Math.max(1, Duration.between(clock.instant(), backoffEnds(next)).toNanos()));
                }
                long before = System.nanoTime();
                ready.awaitNanos(until);
                nanos -= System.nanoTime() - before;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Moves pods whose back-off ended to the active queue, and long-parked unschedulable ones too. */
    public void flush() {
        lock.lock();
        try {
            Instant now = clock.instant();
            while (!backingOff.isEmpty() && !backoffEnds(backingOff.peek()).isAfter(now)) {
                Entry e = backingOff.poll();
                toActive(e);
            }
            if (!unschedulable.isEmpty()) {
                List<Entry> stale = new ArrayList<>();
                for (Entry e : unschedulable.values()) {
                    if (!e.lastFailure.plus(UNSCHEDULABLE_MAX).isAfter(now)) {
                        stale.add(e);
                    }
                }
                for (Entry e : stale) {
                    unschedulable.remove(e.info.uid());
                    toBackoffOrActive(e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The cycle bound (or is binding) the pod: it leaves the queue. */
    public void done(String uid) {
        lock.lock();
        try {
            Entry e = all.get(uid);
            if (e != null && e.where == Where.IN_FLIGHT) {
                all.remove(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The cycle failed for the pod. Unschedulable pods park until a cluster event, unless one
     * came while the pod was in flight; errors (and failed bindings) back off.
     */
    public void failed(String uid, boolean unschedulableReason) {
        lock.lock();
        try {
            Entry e = all.get(uid);
            if (e == null) {
                return;
            }
            if (e.where != Where.IN_FLIGHT) {
                return;
            }
            e.lastFailure = clock.instant();
            if (unschedulableReason && e.poppedAtMove == moves) {
                e.where = Where.UNSCHEDULABLE;
                unschedulable.put(uid, e);
            } else {
                toBackoffOrActive(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pod whose binding failed after it left the queue: back to back-off. */
    public void requeueAfterBindingFailure(PodInfo pod, int attempts) {
        lock.lock();
        try {
            if (all.containsKey(pod.uid())) {
                return;
            }
            Entry e = new Entry();
            e.info = pod;
            e.timestamp = clock.instant();
            e.attempts = attempts;
            e.lastFailure = clock.instant();
            all.put(pod.uid(), e);
            toBackoffOrActive(e);
        } finally {
            lock.unlock();
        }
    }

    /** A cluster event that may let parked pods fit (a node added or changed, a pod deleted). */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            moves++;
            if (unschedulable.isEmpty()) {
                return;
            }
            for (Entry e : unschedulable.values()) {
                toBackoffOrActive(e);
            }
            unschedulable.clear();
        } finally {
            lock.unlock();
        }
    }

    private void toBackoffOrActive(Entry e) {
        if (e.attempts > 0 && backoffEnds(e).isAfter(clock.instant())) {
            e.where = Where.BACKOFF;
            backingOff.add(e);
            ready.signal();
        } else {
            toActive(e);
        }
    }

    private void toActive(Entry e) {
        e.where = Where.ACTIVE;
        e.queued = null;
        active.add(e);
        ready.signal();
    }

    /** Sizes of active, back-off and unschedulable parts, for logs and tests. */
    public int[] sizes() {
        lock.lock();
        try {
            return new int[] {active.size(), backingOff.size(), unschedulable.size()};
        } finally {
            lock.unlock();
        }
    }

    /** Wakes and ends every {@link #pop}. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
