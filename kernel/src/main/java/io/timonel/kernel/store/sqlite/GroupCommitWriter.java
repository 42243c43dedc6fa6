package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.StoreEvent;
import io.timonel.spi.store.WriteResult;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the database: one thread takes the queued {@link WriteOp}s, up to
 * {@code maxBatch} (or {@value #MAX_BATCH_BYTES} bytes of values) at a time, applies them in one
 * transaction and commits once, so concurrent writers share one fsync (group commit). Only after
 * the commit does it publish the batch's changes to the {@link WatchHub} and complete the callers'
 * futures.
 *
 * <p>Being the only writer is also what makes revisions simple: the writer assigns them in order,
 * and compare-and-swap is a read of the key's newest row inside the batch's transaction (the unique
 * index on {@code (name, prev_revision)} would refuse a second successor if that ever went wrong).
 */
final class GroupCommitWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Caps one transaction's WAL growth when values are large. */
    static final long MAX_BATCH_BYTES = 16L << 20;

    private final SqlSession session;
    private final WatchHub hub;
    private final int maxBatch;
    private final Runnable beforeCommit;
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    /** Submitters hold it shared; stopping holds it exclusively, so nothing is queued after Stop. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean accepting = true;

    /** Committed state, published after each commit and before the batch's events. */
    private volatile long revision;
    private volatile long compactedRevision;

    // State of the batch being applied; writer thread only.
    private long batchRevision;
    private long batchCompacted;
    private final List<StoreEvent> batchEvents = new ArrayList<>();
    private final List<Runnable> batchCompletions = new ArrayList<>();

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedOps = new AtomicLong();

    /**
     * @param beforeCommit runs on the writer thread just before each commit (a test seam; no-op in use)
     */
    GroupCommitWriter(SqlSession session, long revision, long compactedRevision, WatchHub hub, int maxBatch,
                      Runnable beforeCommit) {
        this.session = session;
        this.revision = revision;
        this.compactedRevision = compactedRevision;
        this.hub = hub;
        this.maxBatch = maxBatch;
        this.beforeCommit = beforeCommit;
        this.thread = new Thread(this::run, "store-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long revision() {
        return revision;
    }

    long compactedRevision() {
        return compactedRevision;
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Ops committed so far (including ones whose result was a conflict). */
    long committedOps() {
        return committedOps.get();
    }

    /** Ops waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Queues {@code op}; {@code false} when the writer has been stopped. */
    boolean submit(WriteOp op) {
        gate.readLock().lock();
        try {
            if (!accepting) {
                return false;
            }
            queue.add(op);
            return true;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Stops accepting ops; the returned future completes once everything queued is committed. */
    CompletableFuture<Void> stop() {
        WriteOp.Stop stop = new WriteOp.Stop(new CompletableFuture<>());
        gate.writeLock().lock();
        try {
            if (accepting) {
                accepting = false;
                queue.add(stop);
            } else {
                stop.future().complete(null);
            }
        } finally {
            gate.writeLock().unlock();
        }
        return stop.future();
    }

    private void run() {
        List<WriteOp> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.add(takeUninterruptibly());
            fillBatch(batch);
            // Stop is the last op ever queued, so it can only end a batch.
            WriteOp last = batch.get(batch.size() - 1);
            WriteOp.Stop stop = last instanceof WriteOp.Stop s ? s : null;
            if (stop != null) {
                batch.remove(batch.size() - 1);
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            if (stop != null) {
                stop.future().complete(null);
                return;
            }
        }
    }

    /** Adds what is queued, up to {@code maxBatch} ops and about {@value #MAX_BATCH_BYTES} bytes of values. */
    private void fillBatch(List<WriteOp> batch) {
        long bytes = valueBytes(batch.get(0));
        while (batch.size() < maxBatch && bytes < MAX_BATCH_BYTES) {
            WriteOp op = queue.poll();
            if (op == null) {
                return;
            }
            batch.add(op);
            bytes += valueBytes(op);
        }
    }

    private static long valueBytes(WriteOp op) {
        if (op instanceof WriteOp.Create c) {
            return c.value().length;
        } else if (op instanceof WriteOp.Update u) {
            return u.value().length;
        }
        return 0;
    }

    private WriteOp takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only stop() ends the writer, so that no queued write is left without an answer.
            }
        }
    }

    private void commit(List<WriteOp> batch) {
        batchRevision = revision;
        batchCompacted = compactedRevision;
        batchEvents.clear();
        batchCompletions.clear();
        try {
            session.beginWrite();
            for (WriteOp op : batch) {
                apply(op);
            }
            beforeCommit.run();
            session.commit();
        } catch (SQLException | RuntimeException e) {
            session.rollbackQuietly();
            LOG.error("store commit of {} ops failed", batch.size(), e);
            IOException failure = new IOException("store write failed: " + e.getMessage(), e);
            for (WriteOp op : batch) {
                op.future().completeExceptionally(failure);
            }
            return;
        }
        boolean compacted = batchCompacted != compactedRevision;
        // Revision before publishing: a new watch relies on it (see SqliteStoreBackend#watch).
        compactedRevision = batchCompacted;
        revision = batchRevision;
        commits.incrementAndGet();
        committedOps.addAndGet(batch.size());
        hub.publish(List.copyOf(batchEvents));
        batchCompletions.forEach(Runnable::run);
        if (compacted) {
            reclaimSpace();
        }
    }

    private void apply(WriteOp op) throws SQLException {
        if (op instanceof WriteOp.Create c) {
            complete(c.future(), create(c.key(), c.value()));
        } else if (op instanceof WriteOp.Update u) {
            complete(u.future(), update(u.key(), u.value(), u.expectedRevision()));
        } else if (op instanceof WriteOp.Delete d) {
            complete(d.future(), delete(d.key(), d.expectedRevision()));
        } else if (op instanceof WriteOp.Compact c) {
            complete(c.future(), compact(c.revision()));
        } else {
            throw new IllegalStateException("unexpected op " + op);
        }
    }

    private <T> void complete(CompletableFuture<T> future, T result) {
        batchCompletions.add(() -> future.complete(result));
    }

    private WriteResult create(String key, byte[] value) throws SQLException {
        KvTable.Row latest = KvTable.latest(session, key);
        if (latest != null && !latest.deleted()) {
            return new WriteResult.AlreadyExists(latest.toKeyValue(key));
        }
        long rev = batchRevision + 1;
        KvTable.insert(session, rev, key, true, false, rev, latest == null ? 0 : latest.id(), value);
        batchRevision = rev;
        KeyValue kv = new KeyValue(key, value, rev, rev);
        batchEvents.add(new StoreEvent(StoreEvent.Type.CREATED, kv, null));
        return new WriteResult.Written(kv);
    }

    private WriteResult update(String key, byte[] value, long expectedRevision) throws SQLException {
        KvTable.Row latest = KvTable.latest(session, key);
        if (latest == null || latest.deleted()) {
            return new WriteResult.NotFound(key);
        }
        KeyValue previous = latest.toKeyValue(key);
        if (latest.id() != expectedRevision) {
            return new WriteResult.Conflict(previous);
        }
        long rev = batchRevision + 1;
        KvTable.insert(session, rev, key, false, false, latest.createRevision(), latest.id(), value);
        batchRevision = rev;
        KeyValue kv = new KeyValue(key, value, latest.createRevision(), rev);
        batchEvents.add(new StoreEvent(StoreEvent.Type.UPDATED, kv, previous));
        return new WriteResult.Written(kv);
    }

    private WriteResult delete(String key, long expectedRevision) throws SQLException {
        KvTable.Row latest = KvTable.latest(session, key);
        if (latest == null || latest.deleted()) {
            return new WriteResult.NotFound(key);
        }
        KeyValue previous = latest.toKeyValue(key);
        if (expectedRevision != 0 && latest.id() != expectedRevision) {
            return new WriteResult.Conflict(previous);
        }
        long rev = batchRevision + 1;
        // The tombstone keeps the last value: a DELETED event carries it, replayed or live.
        KvTable.insert(session, rev, key, false, true, latest.createRevision(), latest.id(), latest.value());
        batchRevision = rev;
        KeyValue kv = new KeyValue(key, latest.value(), latest.createRevision(), rev);
        batchEvents.add(new StoreEvent(StoreEvent.Type.DELETED, kv, previous));
        return new WriteResult.Written(kv);
    }

    private Long compact(long requested) throws SQLException {
        long target = Math.min(requested, batchRevision);
        if (target > batchCompacted) {
            KvTable.compact(session, batchCompacted, target);
            batchCompacted = target;
        }
        return batchCompacted;
    }

    /**
     * Gives the space freed by compaction back to the file system, online: auto_vacuum=FULL has
     * already moved the free pages to the end of the database in the compaction's commit; a passive
     * checkpoint (which never waits for readers) carries that into the main file and truncates it,
     * and journal_size_limit keeps the WAL itself small.
     */
    private void reclaimSpace() {
        try {
            session.executeFully("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            LOG.warn("store could not checkpoint after compaction; the next checkpoint will", e);
        }
    }
}
