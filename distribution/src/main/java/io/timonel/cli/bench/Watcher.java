package io.timonel.cli.bench;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * One watch stream's consumer: counts the ADDED events of objects {@code <prefix>0} to
 * {@code <prefix>(expected-1)} and, when it knows when each was written, the delivery lag.
 * Counts {@code finished} down once: when every expected event arrived, or the stream failed.
 *
 * <p>The HTTP client calls it from one thread at a time; read the figures only after
 * {@code finished} counted down for it (the latch orders the reads after the writes).
 */
final class Watcher implements Flow.Subscriber<List<ByteBuffer>> {

    /** Value of an entry of {@code sentAt} whose write has not been sent yet. */
    static final long NOT_SENT = Long.MIN_VALUE;

    private final int expected;
    private final AtomicLongArray sentAt;
    private final LongSupplier nanoTicker;
    private final CountDownLatch finished;
    private final AtomicBoolean done = new AtomicBoolean();
    private final WatchEventScanner scanner;
    private final BitSet seen;
    private final Histogram lag = LatencySummary.newHistogram();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private volatile int count;
    private volatile long firstEventAt;
    private volatile long lastEventAt;
    private volatile String failure;

    /**
     * @param namePrefix prefix of the counted objects' names
     * @param expected   number of distinct objects to see
     * @param sentAt     when each object's write was sent ({@link #NOT_SENT} if not yet), or null
     *                   to skip lag measurement
     * @param finished   counted down once by this watcher
     */
    Watcher(String namePrefix, int expected, AtomicLongArray sentAt, LongSupplier nanoTicker, CountDownLatch finished) {
        this.expected = expected;
        this.sentAt = sentAt;
        this.nanoTicker = nanoTicker;
        this.finished = finished;
        this.seen = new BitSet(expected);
        this.scanner = new WatchEventScanner(namePrefix, this::onEvent);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            scanner.feed(buffer);
        }
    }

    @Override
    public void onError(Throwable error) {
        fail("stream failed: " + error);
    }

    @Override
    public void onComplete() {
        fail("server ended the watch after " + count + " of " + expected + " events");
    }

    /** Marks the watch failed before it streamed (e.g. a non-200 answer). */
    void fail(String why) {
        if (done.compareAndSet(false, true)) {
            failure = why;
            finished.countDown();
        }
    }

    /** Closes the stream (and its connection). */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void onEvent(WatchEventScanner.Type type, long number, String line) {
        if (type == WatchEventScanner.Type.ERROR) {
            fail("ERROR event: " + line);
            return;
        }
        if (type != WatchEventScanner.Type.ADDED || number < 0 || number >= expected || seen.get((int) number)) {
            return;
        }
        long now = nanoTicker.getAsLong();
        seen.set((int) number);
        if (count == 0) {
            firstEventAt = now;
        }
        lastEventAt = now;
        count++;
        if (sentAt != null) {
            long sent = sentAt.get((int) number);
            if (sent != NOT_SENT) {
                lag.recordValue(Math.max(0, now - sent));
            }
        }
        if (count == expected && done.compareAndSet(false, true)) {
            finished.countDown();
        }
    }

    /** Distinct expected events seen. */
    int count() {
        return count;
    }

    boolean complete() {
        return count == expected;
    }

    long firstEventAt() {
        return firstEventAt;
    }

    long lastEventAt() {
        return lastEventAt;
    }

    Histogram lag() {
        return lag;
    }

    /** Why the watch ended early, or null. */
    String failure() {
        return failure;
    }
}
