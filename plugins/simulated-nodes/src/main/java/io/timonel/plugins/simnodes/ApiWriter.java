package io.timonel.plugins.simnodes;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends writes to the API server asynchronously with at most {@code maxInFlight} outstanding, so
 * thousands of nodes need no thread each and never flood the server. Writes carry a key (the
 * object they write): a newer write for a key replaces one still waiting (only the latest
 * heartbeat or status matters), and writes for one key are never in flight together, so they
 * reach the server in order. Urgent writes (pods, which someone waits for) go before the others
 * (heartbeats, which have slack: a Lease lasts four renewal periods). Thread-safe.
 */
final class ApiWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiWriter.class);

    private final Function<ApiWrite, CompletableFuture<ApiWrite.Outcome>> transport;
    private final int maxInFlight;
    private final Map<String, ApiWrite> urgent = new LinkedHashMap<>();
    private final Map<String, ApiWrite> waiting = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private boolean closed;

    /**
     * @param transport   sends one write and completes with the server's answer (never exceptionally
     *                    for a refusal: that is an outcome)
     * @param maxInFlight how many writes may be outstanding at once
     */
    ApiWriter(Function<ApiWrite, CompletableFuture<ApiWrite.Outcome>> transport, int maxInFlight) {
        this.transport = transport;
        this.maxInFlight = maxInFlight;
    }

    /** Queues {@code write} for {@code key}, replacing a write for it that is still waiting. */
    void submit(String key, ApiWrite write) {
        enqueue(waiting, key, write);
    }

    /** Queues {@code write} for {@code key} ahead of every write that is not urgent. */
    void submitUrgent(String key, ApiWrite write) {
        enqueue(urgent, key, write);
    }

    private void enqueue(Map<String, ApiWrite> queue, String key, ApiWrite write) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.remove(key); // a replaced write goes to the back, behind writes waiting longer
            queue.put(key, write);
        }
        pump();
    }

    /** Writes waiting to be sent (not counting those in flight). */
    synchronized int backlog() {
        return urgent.size() + waiting.size();
    }

    /** Writes answered so far, and of those how many were not 2xx. */
    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** The summed time from sending to the answer over all writes answered, in nanoseconds. */
    long latencyNanos() {
        return latencyNanos.get();
    }

    /** Drops what is waiting; writes in flight finish on their own. */
    synchronized void close() {
        closed = true;
        urgent.clear();
        waiting.clear();
    }

    private void pump() {
        while (true) {
            String key;
            ApiWrite write;
            synchronized (this) {
                if (inFlight.size() >= maxInFlight) {
                    return;
                }
                Map.Entry<String, ApiWrite> next = take(urgent);
                if (next == null) {
                    next = take(waiting);
                }
                if (next == null) {
                    return; // nothing waiting, or only writes for keys in flight: they go when those return
                }
                key = next.getKey();
                write = next.getValue();
                inFlight.add(key);
            }
            send(key, write);
        }
    }

    /** Removes and returns the oldest write of {@code queue} whose key is not in flight, or null. */
    private Map.Entry<String, ApiWrite> take(Map<String, ApiWrite> queue) {
        for (Iterator<Map.Entry<String, ApiWrite>> it = queue.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ApiWrite> e = it.next();
            if (!inFlight.contains(e.getKey())) {
                it.remove();
                return Map.entry(e.getKey(), e.getValue());
            }
        }
        return null;
    }

    private void send(String key, ApiWrite write) {
        CompletableFuture<ApiWrite.Outcome> answer;
        long start = System.nanoTime();
        try {
            answer = transport.apply(write);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((outcome, error) -> {
            ApiWrite.Outcome result = error != null ? new ApiWrite.Outcome(0, String.valueOf(error)) : outcome;
            latencyNanos.addAndGet(System.nanoTime() - start);
            sent.incrementAndGet();
            if (!result.ok()) {
                failed.incrementAndGet();
                LOG.debug("{} {} answered {}: {}", write.method(), write.path(), result.code(), result.body());
            }
            synchronized (this) {
                inFlight.remove(key);
            }
            try {
                if (write.then() != null) {
                    write.then().accept(result);
                }
            } catch (RuntimeException e) {
                LOG.warn("handling the answer to {} {} failed", write.method(), write.path(), e);
            }
            pump();
        });
    }
}
