package io.timonel.spi.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StoreBackend} must show, written against the SPI alone. A backend's
 * test extends this class and says how to open a store; the etcd backend runs the same suite.
 *
 * <p>Each test gets a fresh, empty store in its own directory. Revisions are checked relative to
 * the store's revision at the start, so a backend whose empty store is not at revision 0 passes.
 * Watch assertions wait for asynchronous delivery with a bound, never with a sleep.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StoreBackendContract {
    /** How long a test waits for a watch to deliver what it expects. */
    protected static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    @TempDir
    protected Path directory;

    /** The store under test, opened before each test and closed after it. */
    protected StoreBackend store;

    /** Opens a fresh, empty store kept in {@code directory}. */
    protected abstract StoreBackend openStore(Path directory) throws Exception;

    /**
     * Opens again the store that was kept in {@code directory} and has been closed, as a server
     * restart does. By default the same as {@link #openStore}.
     */
    protected StoreBackend reopenStore(Path directory) throws Exception {
        return openStore(directory);
    }

    @BeforeEach
    void openStoreUnderTest() throws Exception {
        store = openStore(directory);
    }

    @AfterEach
    void closeStoreUnderTest() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    // ---- create / get ----

    @Test
    public void getOfMissingKeyReturnsNull() throws Exception {
        assertNull(store.get("/registry/configmaps/default/missing"));
    }

    @Test
    public void createStoresValueAtNextRevision() throws Exception {
        long base = store.currentRevision();

        KeyValue kv = written(store.create("/registry/configmaps/default/a", bytes("one")));

        assertEquals("/registry/configmaps/default/a", kv.key());
        assertEquals("one", text(kv.value()));
        assertEquals(base + 1, kv.modRevision());
        assertEquals(base + 1, kv.createRevision());
        assertEquals(base + 1, store.currentRevision());
        assertSameKeyValue(kv, store.get("/registry/configmaps/default/a"));
    }

    @Test
    public void createOfExistingKeyReturnsAlreadyExistsWithStoredValue() throws Exception {
        KeyValue first = written(store.create("/registry/pods/default/p", bytes("first")));
        long revision = store.currentRevision();

        WriteResult result = store.create("/registry/pods/default/p", bytes("second"));

        WriteResult.AlreadyExists exists = assertInstanceOf(WriteResult.AlreadyExists.class, result);
        assertSameKeyValue(first, exists.existing());
        assertEquals(revision, store.currentRevision());
        assertEquals("first", text(store.get("/registry/pods/default/p").value()));
    }

    @Test
    public void emptyValueIsStoredAsEmpty() throws Exception {
        written(store.create("/registry/empty", new byte[0]));

        assertArrayEquals(new byte[0], store.get("/registry/empty").value());
    }

    // ---- update ----

    @Test
    public void updateWithCurrentRevisionReplacesValueAndKeepsCreateRevision() throws Exception {
        KeyValue created = written(store.create("/registry/pods/default/p", bytes("v1")));

        KeyValue updated = written(store.update("/registry/pods/default/p", bytes("v2"), created.modRevision()));

        assertEquals(created.modRevision() + 1, updated.modRevision());
        assertEquals(created.createRevision(), updated.createRevision());
        assertEquals("v2", text(updated.value()));
        assertSameKeyValue(updated, store.get("/registry/pods/default/p"));
    }

    @Test
    public void updateWithStaleRevisionReturnsConflictWithCurrentValue() throws Exception {
        KeyValue v1 = written(store.create("/registry/pods/default/p", bytes("v1")));
        KeyValue v2 = written(store.update("/registry/pods/default/p", bytes("v2"), v1.modRevision()));
        long revision = store.currentRevision();

        WriteResult result = store.update("/registry/pods/default/p", bytes("v3"), v1.modRevision());

        WriteResult.Conflict conflict = assertInstanceOf(WriteResult.Conflict.class, result);
        assertSameKeyValue(v2, conflict.current());
        assertEquals(revision, store.currentRevision());
        assertEquals("v2", text(store.get("/registry/pods/default/p").value()));
    }

    @Test
    public void updateOfMissingKeyReturnsNotFound() throws Exception {
        long revision = store.currentRevision();

        WriteResult result = store.update("/registry/pods/default/missing", bytes("v"), revision);

        assertEquals(new WriteResult.NotFound("/registry/pods/default/missing"), result);
        assertEquals(revision, store.currentRevision());
    }

    @Test
    public void concurrentUpdatesFromTheSameRevisionLetExactlyOneWin() throws Exception {
        KeyValue created = written(store.create("/registry/leases/l", bytes("v0")));
        int writers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<WriteResult>> updates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String value = "writer-" + i;
            updates.add(() -> {
                start.await();
                return store.update("/registry/leases/l", bytes(value), created.modRevision());
            });
        }

        List<WriteResult> results = runConcurrently(updates, start);

        List<KeyValue> winners = new ArrayList<>();
        for (WriteResult result : results) {
            if (result instanceof WriteResult.Written w) {
                winners.add(w.kv());
            } else {
                assertInstanceOf(WriteResult.Conflict.class, result);
            }
        }
        assertEquals(1, winners.size(), "exactly one update may follow a revision: " + results);
        assertSameKeyValue(winners.get(0), store.get("/registry/leases/l"));
    }

    // ---- delete ----

    @Test
    public void deleteWithCurrentRevisionRemovesKeyAndReturnsLastValueAtDeletionRevision() throws Exception {
        KeyValue created = written(store.create("/registry/secrets/default/s", bytes("secret")));

        KeyValue deleted = written(store.delete("/registry/secrets/default/s", created.modRevision()));

        assertEquals("/registry/secrets/default/s", deleted.key());
        assertEquals("secret", text(deleted.value()));
        assertEquals(created.modRevision() + 1, deleted.modRevision());
        assertEquals(created.createRevision(), deleted.createRevision());
        assertEquals(deleted.modRevision(), store.currentRevision());
        assertNull(store.get("/registry/secrets/default/s"));
    }

    @Test
    public void deleteWithZeroRevisionDeletesWhateverIsCurrent() throws Exception {
        KeyValue v1 = written(store.create("/registry/secrets/default/s", bytes("v1")));
        written(store.update("/registry/secrets/default/s", bytes("v2"), v1.modRevision()));

        KeyValue deleted = written(store.delete("/registry/secrets/default/s", 0));

        assertEquals("v2", text(deleted.value()));
        assertNull(store.get("/registry/secrets/default/s"));
    }

    @Test
    public void deleteWithStaleRevisionReturnsConflictAndKeepsKey() throws Exception {
        KeyValue v1 = written(store.create("/registry/secrets/default/s", bytes("v1")));
        KeyValue v2 = written(store.update("/registry/secrets/default/s", bytes("v2"), v1.modRevision()));

        WriteResult result = store.delete("/registry/secrets/default/s", v1.modRevision());

        assertSameKeyValue(v2, assertInstanceOf(WriteResult.Conflict.class, result).current());
        assertSameKeyValue(v2, store.get("/registry/secrets/default/s"));
    }

    @Test
    public void deleteOfMissingOrDeletedKeyReturnsNotFound() throws Exception {
        assertEquals(new WriteResult.NotFound("/registry/x"), store.delete("/registry/x", 0));
        KeyValue created = written(store.create("/registry/x", bytes("v")));
        written(store.delete("/registry/x", created.modRevision()));
        long revision = store.currentRevision();

        assertEquals(new WriteResult.NotFound("/registry/x"), store.delete("/registry/x", 0));
        assertEquals(new WriteResult.NotFound("/registry/x"), store.update("/registry/x", bytes("w"), revision));
        assertEquals(revision, store.currentRevision());
    }

    @Test
    public void recreatedKeyStartsANewLife() throws Exception {
        KeyValue first = written(store.create("/registry/pods/default/p", bytes("first")));
        written(store.delete("/registry/pods/default/p", first.modRevision()));

        KeyValue second = written(store.create("/registry/pods/default/p", bytes("second")));

        assertEquals(second.modRevision(), second.createRevision());
        assertTrue(second.createRevision() > first.createRevision());
        KeyValue updated = written(store.update("/registry/pods/default/p", bytes("third"), second.modRevision()));
        assertEquals(second.createRevision(), updated.createRevision());
    }

    // ---- revisions ----

    @Test
    public void revisionIsGlobalAndGrowsByOnePerSuccessfulWrite() throws Exception {
        long base = store.currentRevision();

        KeyValue a = written(store.create("/registry/a", bytes("a")));
        KeyValue b = written(store.create("/registry/other/b", bytes("b")));
        store.create("/registry/a", bytes("again"));                  // AlreadyExists
        store.update("/registry/a", bytes("stale"), base);            // Conflict
        store.delete("/registry/missing", 0);                         // NotFound
        KeyValue a2 = written(store.update("/registry/a", bytes("a2"), a.modRevision()));
        KeyValue b2 = written(store.delete("/registry/other/b", b.modRevision()));

        assertEquals(List.of(base + 1, base + 2, base + 3, base + 4),
                List.of(a.modRevision(), b.modRevision(), a2.modRevision(), b2.modRevision()));
        assertEquals(base + 4, store.currentRevision());
    }

    @Test
    public void concurrentWritersAreAllAcknowledgedAndAllPresent() throws Exception {
        long base = store.currentRevision();
        int writers = 16;
        int perWriter = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<List<KeyValue>>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(() -> {
                start.await();
                List<KeyValue> mine = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    String key = String.format("/registry/load/w%02d-%03d", writer, i);
                    mine.add(written(store.create(key, bytes(key))));
                }
                return mine;
            });
        }

        List<List<KeyValue>> acknowledged = runConcurrently(tasks, start);

        Set<Long> revisions = new HashSet<>();
        for (List<KeyValue> mine : acknowledged) {
            for (KeyValue kv : mine) {
                assertTrue(revisions.add(kv.modRevision()), "revision used twice: " + kv.modRevision());
                assertSameKeyValue(kv, store.get(kv.key()));
            }
        }
        int total = writers * perWriter;
        assertEquals(total, revisions.size());
        assertEquals(base + total, store.currentRevision());
        for (long r = base + 1; r <= base + total; r++) {
            assertTrue(revisions.contains(r), "no write got revision " + r);
        }
        assertEquals(total, store.range("/registry/load/", null, 0).items().size());
    }

    // ---- range ----

    @Test
    public void rangeReturnsCurrentValuesUnderPrefixInKeyOrder() throws Exception {
        written(store.create("/registry/pods/ns2/b", bytes("b")));
        KeyValue a = written(store.create("/registry/pods/ns1/a", bytes("a")));
        written(store.create("/registry/podsecurity/x", bytes("not under the prefix")));
        written(store.create("/registry/pod", bytes("not under the prefix")));
        written(store.create("/registry/services/ns1/s", bytes("other resource")));
        KeyValue c = written(store.create("/registry/pods/ns1/c", bytes("c")));
        written(store.delete("/registry/pods/ns1/c", c.modRevision()));
        written(store.update("/registry/pods/ns1/a", bytes("a2"), a.modRevision()));

        RangeResult result = store.range("/registry/pods/", null, 0);

        assertEquals(List.of("/registry/pods/ns1/a", "/registry/pods/ns2/b"), keys(result.items()));
        assertEquals("a2", text(result.items().get(0).value()));
        assertFalse(result.more());
        assertEquals(store.currentRevision(), result.revision());
    }

    @Test
    public void rangeWithEmptyPrefixReturnsEveryKey() throws Exception {
        written(store.create("/b", bytes("b")));
        written(store.create("/a", bytes("a")));

        assertEquals(List.of("/a", "/b"), keys(store.range("", null, 0).items()));
    }

    @Test
    public void rangeWithLimitReportsMoreAndStartAfterContinues() throws Exception {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            written(store.create("/registry/cm/" + name, bytes(name)));
        }
        written(store.create("/registry/cn/z", bytes("after the prefix")));

        RangeResult first = store.range("/registry/cm/", null, 2);
        RangeResult second = store.range("/registry/cm/", last(first), 2);
        RangeResult third = store.range("/registry/cm/", last(second), 2);

        assertEquals(List.of("/registry/cm/a", "/registry/cm/b"), keys(first.items()));
        assertTrue(first.more());
        assertEquals(List.of("/registry/cm/c", "/registry/cm/d"), keys(second.items()));
        assertTrue(second.more());
        assertEquals(List.of("/registry/cm/e"), keys(third.items()));
        assertFalse(third.more());
        RangeResult exact = store.range("/registry/cm/", "/registry/cm/c", 2);
        assertEquals(List.of("/registry/cm/d", "/registry/cm/e"), keys(exact.items()));
        assertFalse(exact.more(), "a limit that exactly fits leaves nothing more");
    }

    @Test
    public void rangeOfEmptyPrefixRangeIsEmptyAtCurrentRevision() throws Exception {
        written(store.create("/registry/a", bytes("a")));

        RangeResult result = store.range("/registry/none/", null, 10);

        assertTrue(result.items().isEmpty());
        assertFalse(result.more());
        assertEquals(store.currentRevision(), result.revision());
    }

    // ---- watch ----

    @Test
    public void watchReplaysHistoryAfterRevisionThenDeliversLiveChanges() throws Exception {
        KeyValue a = written(store.create("/registry/cm/a", bytes("a1")));
        long after = a.modRevision();
        KeyValue a2 = written(store.update("/registry/cm/a", bytes("a2"), a.modRevision()));
        KeyValue b = written(store.create("/registry/cm/b", bytes("b1")));
        RecordingListener listener = new RecordingListener();

        try (Watch ignored = store.watch("/registry/cm/", after, listener)) {
            List<StoreEvent> replayed = listener.awaitEvents(2);
            KeyValue a3 = written(store.update("/registry/cm/a", bytes("a3"), a2.modRevision()));
            KeyValue bDeleted = written(store.delete("/registry/cm/b", b.modRevision()));
            List<StoreEvent> all = listener.awaitEvents(4);

            assertEquals(List.of(a2.modRevision(), b.modRevision()), revisions(replayed.subList(0, 2)));
            assertEquals(List.of(a2.modRevision(), b.modRevision(), a3.modRevision(), bDeleted.modRevision()),
                    revisions(all));
            assertEquals(List.of(StoreEvent.Type.UPDATED, StoreEvent.Type.CREATED, StoreEvent.Type.UPDATED,
                    StoreEvent.Type.DELETED), types(all));
            assertNoGaps(all, after);
        }
    }

    @Test
    public void watchEventsCarryCurrentAndPreviousValues() throws Exception {
        long after = store.currentRevision();
        KeyValue v1 = written(store.create("/registry/cm/a", bytes("v1")));
        RecordingListener listener = new RecordingListener();

        try (Watch ignored = store.watch("/registry/cm/", after, listener)) {
            listener.awaitEvents(1);                                  // replayed
            KeyValue v2 = written(store.update("/registry/cm/a", bytes("v2"), v1.modRevision()));
            KeyValue deleted = written(store.delete("/registry/cm/a", v2.modRevision()));
            List<StoreEvent> events = listener.awaitEvents(3);

            StoreEvent created = events.get(0);
            assertEquals(StoreEvent.Type.CREATED, created.type());
            assertSameKeyValue(v1, created.current());
            assertNull(created.previous());

            StoreEvent updated = events.get(1);
            assertEquals(StoreEvent.Type.UPDATED, updated.type());
            assertSameKeyValue(v2, updated.current());
            assertSameKeyValue(v1, updated.previous());

            StoreEvent removed = events.get(2);
            assertEquals(StoreEvent.Type.DELETED, removed.type());
            assertSameKeyValue(deleted, removed.current());
            assertEquals("v2", text(removed.current().value()));
            assertEquals(deleted.modRevision(), removed.revision());
            assertSameKeyValue(v2, removed.previous());
        }
    }

    @Test
    public void replayedAndLiveEventsLookTheSame() throws Exception {
        long after = store.currentRevision();
        RecordingListener live = new RecordingListener();
        try (Watch ignored = store.watch("/registry/", after, live)) {
            KeyValue v1 = written(store.create("/registry/cm/a", bytes("v1")));
            KeyValue v2 = written(store.update("/registry/cm/a", bytes("v2"), v1.modRevision()));
            written(store.delete("/registry/cm/a", v2.modRevision()));
            List<StoreEvent> liveEvents = live.awaitEvents(3);

            RecordingListener replay = new RecordingListener();
            try (Watch alsoIgnored = store.watch("/registry/", after, replay)) {
                List<StoreEvent> replayed = replay.awaitEvents(3);
                for (int i = 0; i < 3; i++) {
                    assertSameEvent(liveEvents.get(i), replayed.get(i));
                }
            }
        }
    }

    @Test
    public void watchDeliversOnlyKeysUnderItsPrefix() throws Exception {
        RecordingListener listener = new RecordingListener();
        long after = store.currentRevision();
        try (Watch ignored = store.watch("/registry/pods/", after, listener)) {
            written(store.create("/registry/pods/ns/a", bytes("a")));
            written(store.create("/registry/podsecurity/x", bytes("x")));
            written(store.create("/registry/services/ns/s", bytes("s")));
            written(store.create("/registry/pods/ns/b", bytes("b")));

            List<StoreEvent> events = listener.awaitEvents(2);

            assertEquals(List.of("/registry/pods/ns/a", "/registry/pods/ns/b"), eventKeys(events));
        }
    }

    @Test
    public void watchStartedDuringWritesMissesNothingAndRepeatsNothing() throws Exception {
        int writers = 8;
        int perWriter = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(() -> {
                start.await();
                String key = "/registry/busy/w" + writer;
                KeyValue kv = written(store.create(key, bytes("0")));
                for (int i = 1; i < perWriter; i++) {
                    kv = written(store.update(key, bytes(Integer.toString(i)), kv.modRevision()));
                }
                return null;
            });
        }
        long base = store.currentRevision();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                running.add(pool.submit(task));
            }
            start.countDown();
            // Start watching from wherever the writers have got to, while they go on.
            RecordingListener listener = new RecordingListener();
            long after = store.currentRevision();
            try (Watch ignored = store.watch("/registry/busy/", after, listener)) {
                for (Future<Void> f : running) {
                    f.get(DELIVERY_WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                long end = base + (long) writers * perWriter;
                assertEquals(end, store.currentRevision());
                List<StoreEvent> events = listener.awaitEvents((int) (end - after));
                assertEquals(end - after, events.size(), "events beyond the last write were delivered");
                assertNoGaps(events, after);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void watchFromTheFutureWaitsForThatRevision() throws Exception {
        long after = store.currentRevision() + 2;
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/registry/", after, listener)) {
            written(store.create("/registry/1", bytes("1")));
            written(store.create("/registry/2", bytes("2")));
            KeyValue third = written(store.create("/registry/3", bytes("3")));

            List<StoreEvent> events = listener.awaitEvents(1);

            assertEquals(List.of(third.modRevision()), revisions(events));
        }
    }

    @Test
    public void closedWatchReceivesNothingMore() throws Exception {
        RecordingListener closedOne = new RecordingListener();
        RecordingListener openOne = new RecordingListener();
        long after = store.currentRevision();
        Watch toClose = store.watch("/registry/", after, closedOne);
        try (Watch ignored = store.watch("/registry/", after, openOne)) {
            written(store.create("/registry/a", bytes("a")));
            closedOne.awaitEvents(1);
            toClose.close();
            toClose.close();                                          // harmless

            written(store.create("/registry/b", bytes("b")));
            openOne.awaitEvents(2);

            assertEquals(1, closedOne.events().size());
            assertNull(closedOne.closedCause(), "closing a watch is not a failure");
        }
    }

    @Test
    public void closingTheStoreClosesItsWatches() throws Exception {
        RecordingListener listener = new RecordingListener();
        store.watch("/registry/", store.currentRevision(), listener);

        store.close();
        store = null;

        assertNotNull(listener.awaitClosed());
    }

    // ---- compaction ----

    @Test
    public void watchFromCompactedRevisionThrowsCompactedException() throws Exception {
        KeyValue a = written(store.create("/registry/a", bytes("a1")));
        KeyValue a2 = written(store.update("/registry/a", bytes("a2"), a.modRevision()));
        KeyValue a3 = written(store.update("/registry/a", bytes("a3"), a2.modRevision()));
        written(store.create("/registry/b", bytes("b")));

        long compacted = store.compact(a3.modRevision());

        assertEquals(a3.modRevision(), compacted);
        assertEquals(compacted, store.compactedRevision());
        CompactedException refused = assertThrows(CompactedException.class,
                () -> store.watch("/registry/", a.modRevision(), new RecordingListener()));
        assertEquals(compacted, refused.compactedRevision());
        assertEquals(store.currentRevision(), refused.currentRevision());
    }

    @Test
    public void watchFromTheCompactedRevisionStillReplaysLaterHistory() throws Exception {
        KeyValue a = written(store.create("/registry/a", bytes("a1")));
        KeyValue a2 = written(store.update("/registry/a", bytes("a2"), a.modRevision()));
        KeyValue b = written(store.create("/registry/b", bytes("b")));
        long compacted = store.compact(a2.modRevision());
        KeyValue a3 = written(store.update("/registry/a", bytes("a3"), a2.modRevision()));
        KeyValue bDeleted = written(store.delete("/registry/b", b.modRevision()));
        RecordingListener listener = new RecordingListener();

        try (Watch ignored = store.watch("/registry/", compacted, listener)) {
            List<StoreEvent> events = listener.awaitEvents(3);

            assertEquals(List.of(b.modRevision(), a3.modRevision(), bDeleted.modRevision()), revisions(events));
            assertSameKeyValue(a2, events.get(1).previous());
            assertSameKeyValue(b, events.get(2).previous());
        }
    }

    @Test
    public void compactionKeepsEveryCurrentValue() throws Exception {
        KeyValue a = written(store.create("/registry/a", bytes("a0")));
        for (int i = 1; i <= 5; i++) {
            a = written(store.update("/registry/a", bytes("a" + i), a.modRevision()));
        }
        KeyValue b = written(store.create("/registry/b", bytes("b")));
        written(store.delete("/registry/b", b.modRevision()));
        KeyValue c = written(store.create("/registry/c", bytes("c")));
        long revision = store.currentRevision();

        assertEquals(revision, store.compact(revision));

        assertEquals(revision, store.currentRevision(), "compaction is not a write");
        assertSameKeyValue(a, store.get("/registry/a"));
        assertNull(store.get("/registry/b"));
        assertSameKeyValue(c, store.get("/registry/c"));
        assertEquals(List.of("/registry/a", "/registry/c"), keys(store.range("/registry/", null, 0).items()));
        // Writes go on as before, on top of the kept values.
        KeyValue a6 = written(store.update("/registry/a", bytes("a6"), a.modRevision()));
        assertEquals(revision + 1, a6.modRevision());
        KeyValue b2 = written(store.create("/registry/b", bytes("b2")));
        assertEquals(b2.modRevision(), b2.createRevision());
        assertInstanceOf(WriteResult.Conflict.class, store.update("/registry/c", bytes("x"), c.modRevision() - 1));
    }

    @Test
    public void compactingAnOlderRevisionChangesNothing() throws Exception {
        KeyValue a = written(store.create("/registry/a", bytes("a")));
        written(store.update("/registry/a", bytes("b"), a.modRevision()));
        long compacted = store.compact(store.currentRevision());

        assertEquals(compacted, store.compact(a.modRevision()));
        assertEquals(compacted, store.compactedRevision());
    }

    // ---- durability ----

    @Test
    public void reopenedStoreKeepsDataRevisionAndCompactedRevision() throws Exception {
        KeyValue a = written(store.create("/registry/a", bytes("a1")));
        KeyValue a2 = written(store.update("/registry/a", bytes("a2"), a.modRevision()));
        KeyValue b = written(store.create("/registry/b", bytes("b")));
        long compacted = store.compact(store.currentRevision());
        // The newest change is a deletion, whose tombstone a later compaction may remove.
        KeyValue bDeleted = written(store.delete("/registry/b", b.modRevision()));
        long revision = store.currentRevision();
        store.close();
        store = null;

        store = reopenStore(directory);

        assertEquals(revision, store.currentRevision());
        assertEquals(compacted, store.compactedRevision());
        assertSameKeyValue(a2, store.get("/registry/a"));
        assertNull(store.get("/registry/b"));
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/registry/", compacted, listener)) {
            assertEquals(List.of(bDeleted.modRevision()), revisions(listener.awaitEvents(1)));
        }
        store.compact(revision);
        store.close();
        store = reopenStore(directory);
        assertEquals(revision, store.currentRevision(), "the revision survives even when its row is compacted");
        assertEquals(revision + 1, written(store.create("/registry/c", bytes("c"))).modRevision());
    }

    // ---- helpers ----

    /** Records what a watch delivers; waits for it with a bound. */
    public static final class RecordingListener implements WatchListener {
        private final List<StoreEvent> events = new ArrayList<>();
        private boolean closed;
        private Throwable closedCause;

        public RecordingListener() {
        }

        @Override
        public synchronized void onEvents(List<StoreEvent> batch) {
            if (closed) {
                throw new AssertionError("events after onClosed");
            }
            events.addAll(batch);
            notifyAll();
        }

        @Override
        public synchronized void onClosed(Throwable cause) {
            closed = true;
            closedCause = cause;
            notifyAll();
        }

        public synchronized List<StoreEvent> events() {
            return List.copyOf(events);
        }

        public synchronized Throwable closedCause() {
            return closedCause;
        }

        /** Waits until at least {@code count} events arrived; returns all so far. */
        public List<StoreEvent> awaitEvents(int count) throws InterruptedException {
            awaitState(l -> l.events.size() >= count, "at least " + count + " events");
            return events();
        }

        /** Waits for {@code onClosed}; returns its cause. */
        public Throwable awaitClosed() throws InterruptedException {
            awaitState(l -> l.closed, "onClosed");
            return closedCause();
        }

        private synchronized void awaitState(Predicate<RecordingListener> condition, String what)
                throws InterruptedException {
            long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
            while (!condition.test(this)) {
                if (closed && !what.equals("onClosed")) {
                    fail("watch closed while waiting for " + what + ": " + closedCause + "; got " + events);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("timed out waiting for " + what + "; got " + events.size() + " events: " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static String text(byte[] value) {
        return new String(value, UTF_8);
    }

    /** The stored value of a {@link WriteResult.Written}; fails on any other outcome. */
    protected static KeyValue written(WriteResult result) {
        return assertInstanceOf(WriteResult.Written.class, result, () -> "expected a write, got " + result).kv();
    }

    protected static void assertSameKeyValue(KeyValue expected, KeyValue actual) {
        assertNotNull(actual, () -> "expected " + describe(expected) + ", got null");
        assertEquals(describe(expected), describe(actual));
    }

    protected static void assertSameEvent(StoreEvent expected, StoreEvent actual) {
        assertEquals(expected.type(), actual.type());
        assertSameKeyValue(expected.current(), actual.current());
        if (expected.previous() == null) {
            assertNull(actual.previous());
        } else {
            assertSameKeyValue(expected.previous(), actual.previous());
        }
    }

    /** Revisions {@code after + 1, after + 2, ...} with nothing missing or repeated. */
    protected static void assertNoGaps(List<StoreEvent> events, long after) {
        long expected = after + 1;
        for (StoreEvent event : events) {
            assertEquals(expected, event.revision(), () -> "gap or repeat in " + revisions(events));
            expected++;
        }
    }

    private static String describe(KeyValue kv) {
        return kv.key() + "=" + text(kv.value()) + " created@" + kv.createRevision() + " modified@" + kv.modRevision();
    }

    private static List<String> keys(List<KeyValue> items) {
        return items.stream().map(KeyValue::key).toList();
    }

    private static List<String> eventKeys(List<StoreEvent> events) {
        return events.stream().map(e -> e.current().key()).toList();
    }

    private static List<Long> revisions(List<StoreEvent> events) {
        return events.stream().map(StoreEvent::revision).toList();
    }

    private static List<StoreEvent.Type> types(List<StoreEvent> events) {
        return events.stream().map(StoreEvent::type).toList();
    }

    private static String last(RangeResult result) {
        return result.items().get(result.items().size() - 1).key();
    }

    private static <T> List<T> runConcurrently(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(DELIVERY_WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
