package io.timonel.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.kernel.store.sqlite.SqliteStoreBackend;
import io.timonel.spi.store.CompactedException;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.RangeResult;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.Watch;
import io.timonel.spi.store.WatchListener;
import io.timonel.spi.store.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCacheTest {
    @TempDir
    Path dir;
    private ClosableWatchStore store;
    private WatchCache cache;

    @BeforeEach
    void open() throws IOException {
        store = new ClosableWatchStore(SqliteStoreBackend.open(dir.resolve("state.db")));
    }

    @AfterEach
    void close() throws IOException {
        if (cache != null) {
            cache.close();
        }
        store.close();
    }

    private static byte[] object(String name, String value) {
        return ("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long put(String key, String value) throws IOException {
        KeyValue existing = store.get(key);
        WriteResult r = existing == null ? store.create(key, object(key, value))
                : store.update(key, object(key, value), existing.modRevision());
        return ((WriteResult.Written) r).kv().modRevision();
    }

    private WatchCache started(int history) throws IOException {
        cache = new WatchCache(store, history);
        cache.start();
        return cache;
    }

    @Test
    void startLoadsTheStoreAndStampsResourceVersions() throws IOException {
        long rev = put("/registry/cm/ns/a", "1");
        started(10);
        CachedObject a = cache.get("/registry/cm/ns/a");
        assertEquals(Long.toString(rev), a.object().path("metadata").path("resourceVersion").asText());
        assertEquals(rev, cache.revision());
    }

    @Test
    void writesAreVisibleOnceTheCacheReachesTheirRevision() throws IOException {
        started(10);
        long rev = put("/registry/cm/ns/a", "1");
        assertTrue(cache.awaitRevision(rev, Duration.ofSeconds(5)));
        assertEquals("1", cache.get("/registry/cm/ns/a").object().path("data").path("v").asText());
        assertEquals(List.of("/registry/cm/ns/a"), cache.list("/registry/cm/").items().stream()
                .map(CachedObject::key).toList());
        assertEquals(0, cache.list("/registry/cmx/").items().size());
    }

    @Test
    void watchResumesFromARevisionInHistory() throws Exception {
        started(100);
        long first = put("/registry/cm/ns/a", "1");
        put("/registry/cm/ns/a", "2");
        long last = put("/registry/cm/ns/b", "1");
        cache.awaitRevision(last, Duration.ofSeconds(5));
        List<String> seen = new CopyOnWriteArrayList<>();
        cache.watch("/registry/cm/", first, false, sink(seen)).close();
        assertEquals(List.of("MODIFIED /registry/cm/ns/a", "ADDED /registry/cm/ns/b"), seen);
    }

    @Test
    void watchFromBeforeTheHistoryIsTooOld() throws Exception {
        started(2);
        long first = put("/registry/cm/ns/a", "1");
        put("/registry/cm/ns/a", "2");
        put("/registry/cm/ns/a", "3");
        long last = put("/registry/cm/ns/a", "4");
        cache.awaitRevision(last, Duration.ofSeconds(5));
        assertThrows(TooOldResourceVersionException.class,
                () -> cache.watch("/registry/cm/", first, false, sink(new CopyOnWriteArrayList<>())));
    }

    @Test
    void aDroppedStoreWatchIsResynchronisedWithoutLosingChanges() throws Exception {
        put("/registry/cm/ns/gone", "1");
        started(100);
        List<String> seen = new CopyOnWriteArrayList<>();
        cache.watch("/registry/cm/", 0, true, sink(seen));
        store.dropWatch();
        // changes made while the cache is not following
        KeyValue gone = store.get("/registry/cm/ns/gone");
        store.delete("/registry/cm/ns/gone", gone.modRevision());
        long rev = put("/registry/cm/ns/new", "1");
        assertTrue(cache.awaitRevision(rev, Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(seen.containsAll(List.of("DELETED /registry/cm/ns/gone", "ADDED /registry/cm/ns/new")), seen.toString());
        assertNull(cache.get("/registry/cm/ns/gone"));
        long after = put("/registry/cm/ns/later", "1");
        assertTrue(cache.awaitRevision(after, Duration.ofSeconds(5)), "the cache follows the store again");
    }

    private static WatchSink sink(List<String> seen) {
        return new WatchSink() {
            @Override
            public void onEvent(CacheEvent event) {
                seen.add(event.type() + " " + event.object().key());
            }

            @Override
            public void onClose(String reason) {
            }
        };
    }

    /** A store whose watches the test can drop, as a store drops a watcher that fell behind. */
    private static final class ClosableWatchStore implements StoreBackend {
        private final StoreBackend delegate;
        private final AtomicReference<Runnable> drop = new AtomicReference<>();

        ClosableWatchStore(StoreBackend delegate) {
            this.delegate = delegate;
        }

        void dropWatch() {
            drop.get().run();
        }

        @Override
        public Watch watch(String prefix, long afterRevision, WatchListener listener)
                throws CompactedException, IOException {
            Watch w = delegate.watch(prefix, afterRevision, listener);
            drop.set(() -> {
                w.close();
                listener.onClosed(new IOException("dropped by the test"));
            });
            return w;
        }

        @Override
        public long currentRevision() {
            return delegate.currentRevision();
        }

        @Override
        public long compactedRevision() {
            return delegate.compactedRevision();
        }

        @Override
        public KeyValue get(String key) throws IOException {
            return delegate.get(key);
        }

        @Override
        public RangeResult range(String prefix, String startAfter, int limit) throws IOException {
            return delegate.range(prefix, startAfter, limit);
        }

        @Override
        public WriteResult create(String key, byte[] value) throws IOException {
            return delegate.create(key, value);
        }

        @Override
        public WriteResult update(String key, byte[] value, long expectedRevision) throws IOException {
            return delegate.update(key, value, expectedRevision);
        }

        @Override
        public WriteResult delete(String key, long expectedRevision) throws IOException {
            return delegate.delete(key, expectedRevision);
        }

        @Override
        public long compact(long revision) throws IOException {
            return delegate.compact(revision);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
