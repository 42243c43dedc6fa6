package io.timonel.cli.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Watch delivery to many watchers: W watches on one namespace, then M creates in it; measures
 * how long until every watcher has seen every event, and each event's lag from its write being
 * sent to its arrival at each watcher.
 */
final class WatchFanout {

    /** Names of the objects written; their number identifies the write. */
    static final String PREFIX = "fw-";

    /**
     * @param watchers     watches requested
     * @param established  watches the server started (answered 200) before the writes began
     * @param completed    watchers that saw every event
     * @param writes       objects written
     * @param delivered    events delivered to all watchers together
     * @param elapsedNanos from the first write sent to the last delivery (or to the time-out)
     * @param lag          per (watcher, event) delivery lag, nanoseconds
     * @param failure      first failure (write or watch), or null
     */
    record Result(int watchers, int established, int completed, long writes, long delivered, long elapsedNanos,
                  Histogram lag, String failure) {
        double eventsPerSecond() {
            return elapsedNanos <= 0 ? 0 : delivered * 1e9 / elapsedNanos;
        }
    }

    private final KubeApi api;
    private final HttpPool watchPool;
    private final ClosedLoopLoad load;
    private final LongSupplier nanoTicker;

    /**
     * @param watchPool clients the watches are spread over (each watch holds one connection)
     * @param load      drives the writes
     */
    WatchFanout(KubeApi api, HttpPool watchPool, ClosedLoopLoad load, LongSupplier nanoTicker) {
        this.api = api;
        this.watchPool = watchPool;
        this.load = load;
        this.nanoTicker = nanoTicker;
    }

    Result run(String namespace, int watcherCount, int writes, int writerClients, Duration timeout) throws Exception {
        String from = api.currentResourceVersion(namespace);
        AtomicLongArray sentAt = new AtomicLongArray(writes);
        for (int i = 0; i < writes; i++) {
            sentAt.set(i, Watcher.NOT_SENT);
        }
        CountDownLatch started = new CountDownLatch(watcherCount);
        CountDownLatch finished = new CountDownLatch(watcherCount);
        List<Watcher> watchers = new ArrayList<>(watcherCount);
        int watchSeconds = (int) Math.max(60, timeout.toSeconds() * 2);
        for (int i = 0; i < watcherCount; i++) {
            Watcher watcher = new Watcher(PREFIX, writes, sentAt, nanoTicker, finished);
            watchers.add(watcher);
            api.watchConfigMaps(watchPool.client(i), namespace, from, watchSeconds, info -> {
                started.countDown();
                if (info.statusCode() != 200) {
                    watcher.fail("watch answered HTTP " + info.statusCode());
                    return HttpResponse.BodySubscribers.discarding();
                }
                return HttpResponse.BodySubscribers.fromSubscriber(watcher);
            }).whenComplete((response, error) -> {
                if (error != null) {
                    started.countDown();
                    watcher.fail("watch request failed: " + error);
                }
            });
        }
        try {
            // a watch from a revision replays what it missed, so waiting is for fairness, not correctness
            started.await(Math.max(30, watcherCount / 10), TimeUnit.SECONDS);
            int established = watcherCount - (int) started.getCount()
                    - (int) watchers.stream().filter(w -> w.failure() != null).count();

            long writeStart = nanoTicker.getAsLong();
            LoadResult written = load.run(writerClients, Budget.ops(writes), (worker, seq) -> {
                sentAt.set((int) seq, nanoTicker.getAsLong());
                KubeApi.Reply reply = api.createConfigMap(worker, namespace, PREFIX + seq);
                return reply.status() == 201 ? null : reply.describe();
            });
            finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            long end = nanoTicker.getAsLong();

            int completed = 0;
            long delivered = 0;
            long lastDelivery = writeStart;
            String failure = written.firstFailure();
            Histogram lag = LatencySummary.newHistogram();
            for (Watcher w : watchers) {
                delivered += w.count();
                if (w.complete()) {
                    completed++;
                    lastDelivery = Math.max(lastDelivery, w.lastEventAt());
                }
                if (failure == null && w.failure() != null) {
                    failure = w.failure();
                }
                lag.add(w.lag());
            }
            long elapsed = (completed == watcherCount ? lastDelivery : end) - writeStart;
            if (failure == null && completed < watcherCount) {
                failure = (watcherCount - completed) + " watchers had not seen every event after " + timeout.toSeconds() + " s";
            }
            return new Result(watcherCount, established, completed, written.succeeded(), delivered, elapsed, lag, failure);
        } finally {
            watchers.forEach(Watcher::cancel);
        }
    }
}
