package io.timonel.kernel.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.spi.store.CompactedException;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.RangeResult;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreEvent;
import io.timonel.spi.store.Watch;
import io.timonel.spi.store.WatchListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory replica of everything under the store's {@code /registry/} prefix, fed by one
 * store watch. The API server serves gets, lists and watches from it rather than from the store:
 * objects are decoded once, lists are a walk of a sorted map, and every watcher is fed from one
 * event stream. A bounded history of recent events lets watches resume from a resourceVersion;
 * older ones get {@link TooOldResourceVersionException} (410 Gone), as from Kubernetes' cache.
 *
 * <p>Reads that must see the caller's own writes first {@link #awaitRevision wait} until the cache
 * has caught up with the store revision the write returned.
 */
public final class WatchCache implements AutoCloseable {
    /** The store prefix the cache mirrors. */
    public static final String ROOT = "/registry/";

    private final StoreBackend store;
    private final int historyCapacity;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition advanced = lock.writeLock().newCondition();
    private final TreeMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<CacheEvent> history = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile long revision;
    /** Events after this revision are all in {@link #history}. */
    private long historyStart;
    private Watch storeWatch;
    private volatile boolean closed;

    public WatchCache(StoreBackend store, int historyCapacity) {
        this.store = store;
        this.historyCapacity = historyCapacity;
    }

    /** Loads the current state and starts following the store. Returns when the cache is in sync. */
    public void start() throws IOException {
        long rev = 0;
        String after = null;
        lock.writeLock().lock();
        try {
            while (true) {
                RangeResult page = store.range(ROOT, after, 10_000);
                if (rev == 0) {
                    rev = page.revision();
                }
                for (KeyValue kv : page.items()) {
                    if (kv.modRevision() <= rev) {
                        objects.put(kv.key(), decode(kv, kv.modRevision()));
                    }
                    after = kv.key();
                }
                if (!page.more()) {
                    break;
                }
            }
            revision = rev;
            historyStart = rev;
        } finally {
            lock.writeLock().unlock();
        }
        // Keys changed between the pages are corrected by the watch, which replays from rev.
        try {
            storeWatch = store.watch(ROOT, rev, new Feed());
        } catch (CompactedException e) {
            throw new IOException("store compacted while the watch cache was loading; restart", e);
        }
    }

    private static CachedObject decode(KeyValue kv, long revision) {
        ObjectNode object = Json.parseObject(kv.value());
        Json.with(object, "metadata").put("resourceVersion", Long.toString(revision));
        return new CachedObject(kv.key(), object, revision);
    }

    /** The newest revision the cache reflects. */
    public long revision() {
        return revision;
    }

    /** Waits until the cache reflects {@code rev}; false on timeout. */
    public boolean awaitRevision(long rev, Duration timeout) {
        if (revision >= rev) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.writeLock().lock();
        try {
            while (revision < rev) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                advanced.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public CachedObject get(String key) {
        lock.readLock().lock();
        try {
            return objects.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects under {@code prefix} in key order, and the revision they reflect. */
    public Snapshot list(String prefix) {
        lock.readLock().lock();
        try {
            return new Snapshot(new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).values()), revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of objects under {@code prefix}. */
    public int count(String prefix) {
        lock.readLock().lock();
        try {
            return objects.subMap(prefix, prefix + Character.MAX_VALUE).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Starts a watch of the keys under {@code prefix} with every event after {@code afterRevision}.
     * With {@code initialState}, the sink first gets the current state as ADDED events instead
     * (a watch without resourceVersion, or with sendInitialEvents), then every later change.
     *
     * @return a handle that stops the watch; the sink gets no call after close returns
     */
    public Subscription watch(String prefix, long afterRevision, boolean initialState, WatchSink sink)
            throws TooOldResourceVersionException {
        lock.writeLock().lock();
        try {
            Subscription sub = new Subscription(prefix, sink, revision);
            if (initialState) {
                for (CachedObject o : objects.subMap(prefix, prefix + Character.MAX_VALUE).values()) {
                    sink.onEvent(new CacheEvent(CacheEvent.Type.ADDED, o, null));
                }
            } else {
                if (afterRevision < historyStart) {
                    throw new TooOldResourceVersionException(afterRevision, historyStart + 1, revision);
                }
                for (CacheEvent e : history) {
                    if (e.revision() > afterRevision && e.object().key().startsWith(prefix)) {
                        sink.onEvent(e);
                    }
                }
            }
            subscriptions.add(sub);
            return sub;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void apply(List<StoreEvent> events) {
        lock.writeLock().lock();
        try {
            for (StoreEvent se : events) {
                if (se.revision() > revision) { // older ones were already loaded by start()
                    applyOne(se, true);
                }
            }
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Applies one change under the write lock and hands it to the subscribers. */
    private void applyOne(StoreEvent se, boolean record) {
        String key = se.current().key();
        CachedObject previous = objects.get(key);
        CacheEvent event;
        if (se.type() == StoreEvent.Type.DELETED) {
            objects.remove(key);
            CachedObject last = previous != null ? previous : decode(se.current(), se.revision());
            ObjectNode tomb = last.object().deepCopy();
            Json.with(tomb, "metadata").put("resourceVersion", Long.toString(se.revision()));
            event = new CacheEvent(CacheEvent.Type.DELETED, new CachedObject(key, tomb, se.revision()), previous);
        } else {
            CachedObject now = decode(se.current(), se.revision());
            objects.put(key, now);
            event = new CacheEvent(previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED, now, previous);
        }
        if (record) {
            revision = se.revision();
            history.addLast(event);
            while (history.size() > historyCapacity) {
                historyStart = history.removeFirst().revision();
            }
        }
        for (Subscription sub : subscriptions) {
            if (key.startsWith(sub.prefix)) {
                sub.sink.onEvent(event);
            }
        }
    }

    /**
     * Re-reads the whole store and turns the difference from the cached state into events, so
     * watchers see every object reach its current state, then follows the store again.
     */
    private void resync() {
        while (!closed) {
            try {
                java.util.Map<String, KeyValue> current = new java.util.HashMap<>();
                long rev = 0;
                String after = null;
                while (true) {
                    RangeResult page = store.range(ROOT, after, 10_000);
                    rev = rev == 0 ? page.revision() : rev;
                    for (KeyValue kv : page.items()) {
                        current.put(kv.key(), kv);
                        after = kv.key();
                    }
                    if (!page.more()) {
                        break;
                    }
                }
                List<StoreEvent> diff = new ArrayList<>();
                lock.readLock().lock();
                try {
                    for (CachedObject o : objects.values()) {
                        if (!current.containsKey(o.key())) {
                            KeyValue gone = new KeyValue(o.key(), o.json(), 0, rev);
                            diff.add(new StoreEvent(StoreEvent.Type.DELETED, gone, null));
                        }
                    }
                    for (KeyValue kv : current.values()) {
                        CachedObject cached = objects.get(kv.key());
                        if (cached == null || cached.modRevision() != kv.modRevision()) {
                            diff.add(new StoreEvent(cached == null ? StoreEvent.Type.CREATED : StoreEvent.Type.UPDATED,
                                    kv, null));
                        }
                    }
                } finally {
                    lock.readLock().unlock();
                }
                // Stamp the synthetic events in revision order, the deletions at the read revision.
                diff.sort(java.util.Comparator.comparingLong(StoreEvent::revision));
                applyResync(diff, rev);
                storeWatch = store.watch(ROOT, rev, new Feed());
                return;
            } catch (IOException | CompactedException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WatchCache.class).warn("watch cache resync failed; retrying", e);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Applies the differences found by a resync. Their revisions are not a continuation of the
     * history, so the history restarts at {@code rev}: watches resuming from before it get 410 and
     * re-list, as Kubernetes clients do.
     */
    private void applyResync(List<StoreEvent> diff, long rev) {
        lock.writeLock().lock();
        try {
            for (StoreEvent se : diff) {
                applyOne(se, false);
            }
            history.clear();
            revision = Math.max(revision, rev);
            historyStart = revision;
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (storeWatch != null) {
            storeWatch.close();
        }
        for (Subscription sub : subscriptions) {
            sub.sink.onClose("server shutting down");
        }
        subscriptions.clear();
        lock.writeLock().lock();
        try {
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A consistent list: the objects and the revision they reflect. */
    public record Snapshot(List<CachedObject> items, long revision) {
    }

    /** A running cache watch. */
    public final class Subscription implements AutoCloseable {
        private final String prefix;
        private final WatchSink sink;
        private final long startRevision;

        private Subscription(String prefix, WatchSink sink, long startRevision) {
            this.prefix = prefix;
            this.sink = sink;
            this.startRevision = startRevision;
        }

        /** The cache revision when the watch started: initial events reflect it. */
        public long startRevision() {
            return startRevision;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    private final class Feed implements WatchListener {
        @Override
        public void onEvents(List<StoreEvent> events) {
            apply(events);
        }

        @Override
        public void onClosed(Throwable cause) {
            if (closed) {
                return;
            }
            // The store dropped the watch (it fell behind, or history was compacted under it):
            // catch up from a fresh read instead, then follow again.
            org.slf4j.LoggerFactory.getLogger(WatchCache.class)
                    .warn("store watch closed ({}); resynchronising the watch cache", String.valueOf(cause));
            Thread resync = new Thread(WatchCache.this::resync, "watch-cache-resync");
            resync.setDaemon(true);
            resync.start();
        }
    }

    /** For tests and metrics: the number of cached objects. */
    public int size() {
        lock.readLock().lock();
        try {
            return objects.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
