package io.timonel.cli.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One watcher's event rate: K objects are written first, then a single watch from the revision
 * before them receives all K events as one burst — the server streams as fast as it can, not
 * as fast as writes arrive. When that revision has left the server's history (410), the watch is
 * opened without a revision instead, which delivers the K objects as initial ADDED events.
 */
final class WatchBurst {

    static final String PREFIX = "wb-";

    /**
     * @param events       events expected
     * @param received     events received
     * @param elapsedNanos from the watch request being sent to the last event
     * @param mode         how the burst was produced, for the report
     * @param failure      why it fell short, or null
     * @param cpu          how busy server and client were while the watch streamed, or ""
     */
    record Result(int events, int received, long elapsedNanos, String mode, String failure, String cpu) {
        double eventsPerSecond() {
            return elapsedNanos <= 0 ? 0 : received * 1e9 / elapsedNanos;
        }
    }

    private final KubeApi api;
    private final HttpPool pool;
    private final ClosedLoopLoad load;
    private final LongSupplier nanoTicker;
    private final CpuSplit cpu;

    /** @param cpu meters both sides while the watch streams, or null */
    WatchBurst(KubeApi api, HttpPool pool, ClosedLoopLoad load, LongSupplier nanoTicker, CpuSplit cpu) {
        this.api = api;
        this.pool = pool;
        this.load = load;
        this.nanoTicker = nanoTicker;
        this.cpu = cpu;
    }

    Result run(String namespace, int events, int writerClients, Duration timeout) throws Exception {
        String from = api.currentResourceVersion(namespace);
        LoadResult written = load.run(writerClients, Budget.ops(events), (worker, seq) -> {
            KubeApi.Reply reply = api.createConfigMap(worker, namespace, PREFIX + seq);
            return reply.status() == 201 ? null : reply.describe();
        });
        if (written.succeeded() < events) {
            return new Result(events, 0, 0, "not run", "only " + written.succeeded() + " of " + events
                    + " objects written: " + written.firstFailure(), "");
        }
        Result replay = watch(namespace, from, events, timeout, "replay of " + events + " writes from resourceVersion " + from);
        if (replay.received() == 0 && replay.failure() != null && replay.failure().contains("410")) {
            return watch(namespace, null, events, timeout, "initial ADDED events of a watch without resourceVersion "
                    + "(history replay answered 410)");
        }
        return replay;
    }

    private Result watch(String namespace, String from, int events, Duration timeout, String mode) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Watcher watcher = new Watcher(PREFIX, events, null, nanoTicker, finished);
        CpuSplit.Mark mark = cpu == null ? null : cpu.mark();
        long start = nanoTicker.getAsLong();
        api.watchConfigMaps(pool.client(0), namespace, from, (int) Math.max(60, timeout.toSeconds() * 2), info -> {
            if (info.statusCode() != 200) {
                watcher.fail("watch answered HTTP " + info.statusCode());
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromSubscriber(watcher);
        }).whenComplete((response, error) -> {
            if (error != null) {
                watcher.fail("watch request failed: " + error);
            }
        });
        try {
            boolean done = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            long end = watcher.complete() ? watcher.lastEventAt() : nanoTicker.getAsLong();
            String failure = watcher.failure();
            if (!done && failure == null) {
                failure = "saw " + watcher.count() + " of " + events + " events in " + timeout.toSeconds() + " s";
            }
            return new Result(events, watcher.count(), end - start, mode, failure, mark == null ? "" : cpu.since(mark));
        } finally {
            watcher.cancel();
        }
    }
}
