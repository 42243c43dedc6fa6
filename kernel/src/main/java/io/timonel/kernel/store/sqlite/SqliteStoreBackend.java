package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.CompactedException;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.RangeResult;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreEvent;
import io.timonel.spi.store.Watch;
import io.timonel.spi.store.WatchListener;
import io.timonel.spi.store.WriteResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded object store: an etcd-shaped MVCC log in one SQLite table, in WAL mode with
 * {@code synchronous=FULL}, so a write acknowledged by this class survives {@code kill -9} and
 * power loss.
 *
 * <h2>Schema</h2>
 * <pre>
 * kv (
 *   id              INTEGER PRIMARY KEY AUTOINCREMENT  -- the revision of this change
 *   name            TEXT     -- the key
 *   created         INTEGER  -- 1: this change created the key
 *   deleted         INTEGER  -- 1: this change deleted the key (a tombstone holding the last value)
 *   create_revision INTEGER  -- the revision that created the key (since its last deletion)
 *   prev_revision   INTEGER  -- id of the key's previous row, 0 when it had none
 *   value           BLOB
 * )
 * INDEX        kv_name_id            (name, id)             -- newest row of a key; ranges by prefix
 * UNIQUE INDEX kv_name_prev_revision (name, prev_revision)  -- one successor per row: compare-and-swap
 * meta (name TEXT PRIMARY KEY, value INTEGER)               -- schema_version, compacted_revision
 * </pre>
 * Every write appends one row; the newest row of a key is its current value (absent if a
 * tombstone). The store revision is the largest id ever assigned ({@code sqlite_sequence}, which
 * AUTOINCREMENT keeps even when that row is compacted away). History is the rows themselves:
 * a watch from revision {@code r} reads rows with {@code id > r}.
 *
 * <h2>Writes</h2>
 * One writer thread ({@link GroupCommitWriter}) applies queued writes in batches, one transaction
 * and one fsync per batch; each caller returns once its batch has committed. Readers use their own
 * connections ({@link ReadPool}) and, thanks to WAL, never wait for the writer.
 *
 * <h2>Compaction</h2>
 * {@link #compact(long)} deletes, up to the given revision, every row that has a successor at or
 * below it and every tombstone, in steps of {@value #COMPACT_STEP} revisions (so writes interleave),
 * records the compacted revision in {@code meta}, then reclaims the space online
 * ({@code auto_vacuum=FULL} frees the pages at commit, a passive WAL checkpoint shrinks the file).
 * A key's current row is never deleted, and neither is any row a watch after the compacted
 * revision needs.
 *
 * <h2>Watches</h2>
 * After each commit the writer hands the batch's changes to every watch; each watch filters by
 * prefix into its own bounded queue, delivered by its own task ({@link WatchSubscription}).
 */
public final class SqliteStoreBackend implements StoreBackend {
    /** Most revisions one compaction transaction covers. */
    static final long COMPACT_STEP = 10_000;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final FileChannel lockChannel;
    private final SqlSession writerSession;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final WatchHub hub = new WatchHub();
    private final Executor watchExecutor;
    private final ExecutorService ownedWatchExecutor;
    private final int watchQueueLimit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteStoreBackend(FileChannel lockChannel, SqlSession writerSession, ReadPool reads,
                               SqliteStoreOptions options, Runnable beforeCommit) throws SQLException {
        this.lockChannel = lockChannel;
        this.writerSession = writerSession;
        this.reads = reads;
        this.watchQueueLimit = options.watchQueueLimit();
        if (options.watchExecutor() != null) {
            this.watchExecutor = options.watchExecutor();
            this.ownedWatchExecutor = null;
        } else {
            this.ownedWatchExecutor = Executors.newCachedThreadPool(daemonThreads("store-watch-"));
            this.watchExecutor = ownedWatchExecutor;
        }
        this.writer = new GroupCommitWriter(writerSession, KvTable.revision(writerSession),
                KvTable.compactedRevision(writerSession), hub, options.maxBatchSize(), beforeCommit);
        this.writer.start();
    }

    /** Opens (creating if needed) the store in {@code file} with default options. */
    public static SqliteStoreBackend open(Path file) throws IOException {
        return open(file, SqliteStoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code file}; its directory is created too.
     *
     * @throws IOException when the database cannot be opened, or is open in another store (a lock
     *                     file beside it guards against two writers, in this or another process)
     */
    public static SqliteStoreBackend open(Path file, SqliteStoreOptions options) throws IOException {
        return open(file, options, () -> { });
    }

    /** As {@link #open(Path, SqliteStoreOptions)}, running {@code beforeCommit} before each commit (tests). */
    static SqliteStoreBackend open(Path file, SqliteStoreOptions options, Runnable beforeCommit) throws IOException {
        Objects.requireNonNull(options, "options");
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FileChannel lockChannel = lock(file.resolveSibling(file.getFileName() + ".lock"));
        SqlSession writerSession = null;
        ReadPool reads = null;
        try {
            writerSession = SqlSession.open(file, KvTable.WRITER_PRAGMAS);
            KvTable.createIfMissing(writerSession);
            reads = ReadPool.open(file, options.readConnections());
            return new SqliteStoreBackend(lockChannel, writerSession, reads, options, beforeCommit);
        } catch (SQLException e) {
            if (reads != null) {
                reads.close();
            }
            if (writerSession != null) {
                writerSession.close();
            }
            lockChannel.close();
            throw new IOException("cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel lock(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("store " + lockFile + " is held by another process");
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("store " + lockFile + " is already open in this process", e);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long currentRevision() {
        return writer.revision();
    }

    @Override
    public long compactedRevision() {
        return writer.compactedRevision();
    }

    @Override
    public KeyValue get(String key) throws IOException {
        Objects.requireNonNull(key, "key");
        return reads.read(session -> {
            KvTable.Row row = KvTable.latest(session, key);
            return row == null || row.deleted() ? null : row.toKeyValue(key);
        });
    }

    @Override
    public RangeResult range(String prefix, String startAfter, int limit) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        KeyRange keys = KeyRange.prefix(prefix, startAfter);
        return reads.read(session -> {
            long revision = KvTable.revision(session);
            // One row past the limit tells whether there is more.
            List<KeyValue> items = KvTable.range(session, keys, limit == 0 ? -1 : limit + 1);
            boolean more = limit > 0 && items.size() > limit;
            return new RangeResult(more ? List.copyOf(items.subList(0, limit)) : List.copyOf(items), revision, more);
        });
    }

    @Override
    public WriteResult create(String key, byte[] value) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        return await(new WriteOp.Create(key, value, result), result);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedRevision) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        return await(new WriteOp.Update(key, value, expectedRevision, result), result);
    }

    @Override
    public WriteResult delete(String key, long expectedRevision) throws IOException {
        Objects.requireNonNull(key, "key");
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        return await(new WriteOp.Delete(key, expectedRevision, result), result);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A revision beyond the current one compacts up to the current one. Runs in steps of
     * {@value #COMPACT_STEP} revisions, each its own transaction.
     */
    @Override
    public long compact(long revision) throws IOException {
        long target = Math.min(revision, currentRevision());
        long compacted = compactedRevision();
        while (compacted < target) {
            long step = Math.min(target, compacted + COMPACT_STEP);
            CompletableFuture<Long> result = new CompletableFuture<>();
            long reached = await(new WriteOp.Compact(step, result), result);
            if (reached <= compacted) {
                break;
            }
            compacted = reached;
        }
        return compactedRevision();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listener is called on a thread of the watch executor, never concurrently. A watch
     * whose listener falls more than {@link SqliteStoreOptions#watchQueueLimit()} events behind is
     * closed through {@link WatchListener#onClosed}; so is one whose listener throws.
     */
    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener)
            throws CompactedException, IOException {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new IOException("store is closed");
        }
        WatchSubscription watch = new WatchSubscription(prefix, listener, watchExecutor, watchQueueLimit,
                this::readHistory, hub::remove);
        // Registered first, then the revision read: every change after `upTo` is published after
        // the registration and so reaches the watch live; changes up to it are read from history.
        hub.add(watch);
        if (closed.get()) {
            // close() may have closed the registered watches before this one joined them.
            hub.remove(watch);
            throw new IOException("store is closed");
        }
        long upTo = currentRevision();
        long compacted = compactedRevision();
        if (afterRevision < compacted) {
            hub.remove(watch);
            throw new CompactedException(compacted, upTo);
        }
        watch.start(afterRevision, upTo);
        return watch;
    }

    private List<StoreEvent> readHistory(KeyRange range, long after, long upTo, int limit)
            throws CompactedException, IOException {
        return reads.read(session -> {
            long compacted = KvTable.compactedRevision(session);
            if (after < compacted) {
                throw new CompactedException(compacted, KvTable.revision(session));
            }
            return KvTable.history(session, range, after, upTo, limit);
        });
    }

    /** Commits still queued finish first; then watches are closed and the files released. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        try {
            CompletableFuture<Void> stopped = writer.stop();
            while (true) {
                try {
                    stopped.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
            hub.closeAll(new IOException("store is closed"));
            if (ownedWatchExecutor != null) {
                ownedWatchExecutor.shutdown();
                try {
                    ownedWatchExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            reads.close();
            try {
                writerSession.executeFully("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                // The WAL stays; the next open checkpoints it.
            }
            writerSession.close();
        } finally {
            lockChannel.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Transactions committed since open (each is one fsync). */
    long commits() {
        return writer.commits();
    }

    /** Writes waiting for the writer thread. */
    int queuedWrites() {
        return writer.queued();
    }

    /** Queues {@code op} and waits for its commit; {@code result} is the op's own future. */
    private <T> T await(WriteOp op, CompletableFuture<T> result) throws IOException {
        if (closed.get() || !writer.submit(op)) {
            throw new IOException("store is closed");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a store write; it may still be applied");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException("store write failed", e.getCause());
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
