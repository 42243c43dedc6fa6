package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.CompactedException;
import io.timonel.spi.store.StoreEvent;
import io.timonel.spi.store.Watch;
import io.timonel.spi.store.WatchListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: replays history from the database, then delivers the live changes the writer
 * {@link #offer offers}, skipping those the replay already covered, so that every change is
 * delivered once and in order.
 *
 * <p>Delivery runs as a task on a shared executor, at most one task per watch at a time, so the
 * listener is never called concurrently. Live changes wait in an unbounded queue whose size is
 * capped by count: a watch that falls more than {@code queueLimit} events behind is closed with
 * {@code onClosed} (its client re-lists), never slowing the writer.
 */
final class WatchSubscription implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(WatchSubscription.class);

    /** Rows read from history per query, and so the largest replayed batch. */
    static final int REPLAY_PAGE = 500;

    /** Reads the changes of a range in {@code (after, upTo]}; refuses when {@code after} is compacted. */
    @FunctionalInterface
    interface History {
        List<StoreEvent> read(KeyRange range, long after, long upTo, int limit)
                throws CompactedException, IOException;
    }

    private final KeyRange range;
    private final WatchListener listener;
    private final Executor executor;
    private final int queueLimit;
    private final History history;
    private final Consumer<WatchSubscription> onEnd;

    private final Queue<List<StoreEvent>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile boolean started;

    // Delivery state, used only by the delivery task (tasks are ordered through `scheduled`).
    /** Every change up to this revision has been delivered or filtered out. */
    private long covered;
    /** Changes up to this revision come from history; later ones from {@link #pending}. */
    private long replayUpTo;
    private boolean replaying;
    private boolean finished;

    WatchSubscription(String prefix, WatchListener listener, Executor executor, int queueLimit,
                      History history, Consumer<WatchSubscription> onEnd) {
        this.range = KeyRange.prefix(prefix);
        this.listener = listener;
        this.executor = executor;
        this.queueLimit = queueLimit;
        this.history = history;
        this.onEnd = onEnd;
    }

    /**
     * Starts delivery. Live changes offered since the watch was registered are held until then.
     *
     * @param afterRevision the watch delivers changes after this revision
     * @param historyUpTo   a revision read after registration: every later change is offered live
     */
    void start(long afterRevision, long historyUpTo) {
        covered = afterRevision;
        replayUpTo = Math.max(afterRevision, historyUpTo);
        replaying = replayUpTo > afterRevision;
        started = true;
        schedule();
    }

    /** Takes the changes of one committed batch. Called by the writer thread; never blocks. */
    void offer(List<StoreEvent> events) {
        if (cancelled || failure.get() != null) {
            return;
        }
        List<StoreEvent> matching = new ArrayList<>();
        for (StoreEvent event : events) {
            if (range.contains(event.current().key())) {
                matching.add(event);
            }
        }
        if (matching.isEmpty()) {
            return;
        }
        if (pendingEvents.addAndGet(matching.size()) > queueLimit) {
            fail(new IOException("watch fell more than " + queueLimit + " events behind; re-list and watch again"));
            return;
        }
        pending.add(matching);
        if (started) {
            schedule();
        }
    }

    /** Ends the watch with {@code cause}, reported through {@code onClosed}. The first cause wins. */
    void fail(Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            pending.clear();
            if (started) {
                schedule();
            }
        }
    }

    @Override
    public void close() {
        cancelled = true;
        pending.clear();
        onEnd.accept(this);
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The executor is shutting down with the store; nothing more can be delivered.
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            while (!finished) {
                if (cancelled) {
                    finished = true;
                    break;
                }
                Throwable cause = failure.get();
                if (cause != null) {
                    finished = true;
                    onEnd.accept(this);
                    notifyClosed(cause);
                    break;
                }
                if (replaying) {
                    replayPage();
                    continue;
                }
                List<StoreEvent> batch = pending.poll();
                if (batch == null) {
                    break;
                }
                pendingEvents.addAndGet(-batch.size());
                deliverLive(batch);
            }
        } finally {
            scheduled.set(false);
        }
        // Work may have arrived after the last poll but before `scheduled` was cleared.
        if (!finished && (!pending.isEmpty() || failure.get() != null)) {
            schedule();
        }
    }

    private void replayPage() {
        List<StoreEvent> page;
        try {
            page = history.read(range, covered, replayUpTo, REPLAY_PAGE);
        } catch (CompactedException | IOException e) {
            failure.compareAndSet(null, e);
            return;
        }
        if (!page.isEmpty()) {
            covered = page.get(page.size() - 1).revision();
            deliver(page);
        }
        if (page.size() < REPLAY_PAGE) {
            covered = replayUpTo;
            replaying = false;
        }
    }

    private void deliverLive(List<StoreEvent> batch) {
        List<StoreEvent> fresh = batch;
        if (batch.get(0).revision() <= covered) {
            fresh = new ArrayList<>();
            for (StoreEvent event : batch) {
                if (event.revision() > covered) {
                    fresh.add(event);
                }
            }
        }
        if (!fresh.isEmpty()) {
            covered = fresh.get(fresh.size() - 1).revision();
            deliver(fresh);
        }
    }

    private void deliver(List<StoreEvent> events) {
        try {
            listener.onEvents(List.copyOf(events));
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void notifyClosed(Throwable cause) {
        try {
            listener.onClosed(cause);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed in onClosed", e);
        }
    }
}
