package io.timonel.kernel.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.store.CompactedException;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreBackendContract;
import io.timonel.spi.store.StoreEvent;
import io.timonel.spi.store.WatchListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The embedded store passes the SPI contract (inherited tests); the tests here cover what is
 * particular to it: group commit, the file layout, slow watchers, space reclamation.
 */
class SqliteStoreBackendTest extends StoreBackendContract {

    @Override
    protected StoreBackend openStore(Path directory) throws Exception {
        return new EmbeddedStoreFactory().open(directory, Map.of());
    }

    private Path ownFile() {
        return directory.resolve("own").resolve("state.db");
    }

    @Test
    void factoryKeepsTheDatabaseInTheStoreDirectoryOfTheDataDir() {
        assertTrue(Files.isRegularFile(directory.resolve("store").resolve("state.db")));
        assertEquals("embedded", new EmbeddedStoreFactory().name());
    }

    @Test
    void factoryRefusesUnknownOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddedStoreFactory().open(directory.resolve("other"), Map.of("endpoints", "x")));
        assertTrue(e.getMessage().contains("endpoints"), e.getMessage());
    }

    @Test
    void databaseUsesWalAndAutoVacuum() throws Exception {
        Path file = directory.resolve("store").resolve("state.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            assertEquals("wal", single(s, "PRAGMA journal_mode"));
            assertEquals("1", single(s, "PRAGMA auto_vacuum"), "1 is FULL");
        }
    }

    @Test
    void secondOpenOfTheSameStoreIsRefused() {
        IOException e = assertThrows(IOException.class, () -> openStore(directory));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void concurrentWritesShareOneCommit() throws Exception {
        CountDownLatch firstCommitHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Runnable holdFirstCommit = () -> {
            if (first.getAndSet(false)) {
                firstCommitHeld.countDown();
                awaitUninterruptibly(release);
            }
        };
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try (SqliteStoreBackend own = SqliteStoreBackend.open(ownFile(), SqliteStoreOptions.defaults(),
                holdFirstCommit)) {
            Future<?> firstWrite = pool.submit(() -> own.create("/first", bytes("1")));
            assertTrue(firstCommitHeld.await(10, TimeUnit.SECONDS));
            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "/other/" + i;
                others.add(pool.submit(() -> written(own.create(key, bytes(key)))));
            }
            awaitQueued(own, writers);

            release.countDown();
            firstWrite.get(10, TimeUnit.SECONDS);
            for (Future<?> f : others) {
                f.get(10, TimeUnit.SECONDS);
            }

            assertEquals(2, own.commits(), "the writes queued behind the first commit share the second");
            assertEquals(writers + 1, own.currentRevision());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsDoNotWaitForAWriteInProgress() throws Exception {
        CountDownLatch commitHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean hold = new AtomicBoolean(false);
        Runnable holdCommit = () -> {
            if (hold.get()) {
                commitHeld.countDown();
                awaitUninterruptibly(release);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SqliteStoreBackend own = SqliteStoreBackend.open(ownFile(), SqliteStoreOptions.defaults(), holdCommit)) {
            KeyValue v1 = written(own.create("/a", bytes("v1")));
            hold.set(true);
            Future<?> write = pool.submit(() -> own.update("/a", bytes("v2"), v1.modRevision()));
            assertTrue(commitHeld.await(10, TimeUnit.SECONDS));

            // The writer holds an open write transaction; reads see the last commit at once.
            assertEquals("v1", text(own.get("/a").value()));
            assertEquals(v1.modRevision(), own.range("/", null, 0).revision());

            release.countDown();
            write.get(10, TimeUnit.SECONDS);
            assertEquals("v2", text(own.get("/a").value()));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void slowWatcherIsClosedWithoutHoldingUpWriters() throws Exception {
        ManualExecutor delivery = new ManualExecutor();
        SqliteStoreOptions options = SqliteStoreOptions.defaults().withWatchQueueLimit(5).withWatchExecutor(delivery);
        try (SqliteStoreBackend own = SqliteStoreBackend.open(ownFile(), options)) {
            RecordingListener listener = new RecordingListener();
            own.watch("/", own.currentRevision(), listener);

            for (int i = 0; i < 10; i++) {
                written(own.create("/k" + i, bytes("v")));               // never waits for the watcher
            }
            delivery.runAll();

            assertTrue(listener.events().isEmpty());
            assertInstanceOf(IOException.class, listener.closedCause());
            assertTrue(listener.closedCause().getMessage().contains("behind"), listener.closedCause().getMessage());
        }
    }

    @Test
    void replayOvertakenByCompactionClosesTheWatchAsCompacted() throws Exception {
        ManualExecutor delivery = new ManualExecutor();
        try (SqliteStoreBackend own = SqliteStoreBackend.open(ownFile(),
                SqliteStoreOptions.defaults().withWatchExecutor(delivery))) {
            KeyValue a = written(own.create("/a", bytes("1")));
            KeyValue a2 = written(own.update("/a", bytes("2"), a.modRevision()));
            RecordingListener listener = new RecordingListener();
            own.watch("/", 0, listener);                                  // accepted: nothing compacted yet

            own.compact(a2.modRevision());                                // before the replay runs
            delivery.runAll();

            assertTrue(listener.events().isEmpty());
            CompactedException cause = assertInstanceOf(CompactedException.class, listener.closedCause());
            assertEquals(a2.modRevision(), cause.compactedRevision());
        }
    }

    @Test
    void listenerThatThrowsIsClosedWithItsException() throws Exception {
        ManualExecutor delivery = new ManualExecutor();
        try (SqliteStoreBackend own = SqliteStoreBackend.open(ownFile(),
                SqliteStoreOptions.defaults().withWatchExecutor(delivery))) {
            List<Throwable> closed = new ArrayList<>();
            IllegalStateException boom = new IllegalStateException("boom");
            own.watch("/", 0, new WatchListener() {
                @Override
                public void onEvents(List<StoreEvent> events) {
                    throw boom;
                }

                @Override
                public void onClosed(Throwable cause) {
                    closed.add(cause);
                }
            });

            written(own.create("/a", bytes("1")));
            delivery.runAll();
            written(own.create("/b", bytes("2")));
            delivery.runAll();

            assertEquals(List.of(boom), closed);
        }
    }

    @Test
    void rangeAndWatchOrderNonAsciiKeysByCodePoint() throws Exception {
        // UTF-16 order would put U+FFFD after the emoji; SQLite (UTF-8) and the store put it before.
        List<String> keys = List.of("/k/a", "/k/\u00e9", "/k/\ufffd", "/k/\ud83d\ude00", "/k/\ud83d\ude00/x");
        for (String key : List.of(keys.get(3), keys.get(0), keys.get(4), keys.get(2), keys.get(1))) {
            written(store.create(key, bytes(key)));
        }
        written(store.create("/k0", bytes("after the prefix")));

        assertEquals(keys, store.range("/k/", null, 0).items().stream().map(KeyValue::key).toList());
        assertEquals(keys.subList(3, 5),
                store.range("/k/", "/k/\ufffd", 0).items().stream().map(KeyValue::key).toList());
        assertEquals(List.of(keys.get(4)),
                store.range("/k/\ud83d\ude00/", null, 0).items().stream().map(KeyValue::key).toList());
    }

    @Test
    void compactionGivesSpaceBackToTheFileSystem() throws Exception {
        Path file = ownFile();
        byte[] big = new byte[32 * 1024];
        try (SqliteStoreBackend own = SqliteStoreBackend.open(file)) {
            List<KeyValue> current = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                current.add(written(own.create("/big/" + i, big)));
            }
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < current.size(); i++) {
                    KeyValue kv = current.get(i);
                    current.set(i, written(own.update(kv.key(), big, kv.modRevision())));
                }
            }
            long before = Files.size(file);

            own.compact(own.currentRevision());

            // The main file shrinks at once; the WAL beside it is capped by journal_size_limit.
            long after = Files.size(file);
            assertTrue(after < before / 3, "database was " + before + " bytes before compaction, " + after + " after");
            for (KeyValue kv : current) {
                assertEquals(kv.modRevision(), own.get(kv.key()).modRevision());
            }
        }
    }


    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Waits, with a bound, until {@code count} writes are queued behind the held commit. */
    private static void awaitQueued(SqliteStoreBackend store, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.queuedWrites() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + store.queuedWrites() + " writes queued, expected " + count);
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("test never released the commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
