package io.timonel.spi.store;

import java.io.IOException;

/**
 * The object store behind the kernel: an etcd-shaped, MVCC key-value store.
 *
 * <p>Semantics every backend provides (the contract suite in this module's test-jar checks them):
 * <ul>
 *   <li>One global revision counter. Every successful write increments it by one and stamps the
 *       written key with it ({@code modRevision}), which becomes the object's resourceVersion.</li>
 *   <li>Updates and deletes are compare-and-swap on the key's current {@code modRevision}.</li>
 *   <li>A write returns only once it is durable: it survives a crash of the process
 *       ({@code kill -9}) and of the machine. Concurrent writes may share one sync.</li>
 *   <li>History is kept until {@link #compact(long)}; a watch may start at any revision after the
 *       last compaction.</li>
 * </ul>
 * Keys are plain strings; the kernel uses {@code /registry/<resource>/<namespace>/<name>}.
 * All methods are thread-safe and may be called from any thread; they may block on I/O.
 */
public interface StoreBackend extends AutoCloseable {

    /** The store's newest revision (0 for an empty store). */
    long currentRevision();

    /** The newest compacted revision: watches must start after it (0 when never compacted). */
    long compactedRevision();

    /** The current value of {@code key}, or {@code null} when it does not exist. */
    KeyValue get(String key) throws IOException;

    /**
     * The current values of keys that start with {@code prefix} and sort after
     * {@code startAfter} (exclusive; {@code null} or empty for the first key), in key order,
     * at most {@code limit} of them ({@code 0} for no limit).
     */
    RangeResult range(String prefix, String startAfter, int limit) throws IOException;

    /** Creates {@code key}; {@link WriteResult.AlreadyExists} if it exists. */
    WriteResult create(String key, byte[] value) throws IOException;

    /**
     * Replaces the value of {@code key} if its modRevision is {@code expectedRevision};
     * {@link WriteResult.Conflict} if it is not, {@link WriteResult.NotFound} if the key is absent.
     */
    WriteResult update(String key, byte[] value, long expectedRevision) throws IOException;

    /**
     * Deletes {@code key} if its modRevision is {@code expectedRevision} (or unconditionally when
     * {@code expectedRevision} is 0). The {@link WriteResult.Written} value carries the deleted
     * value with the deletion's revision as modRevision.
     */
    WriteResult delete(String key, long expectedRevision) throws IOException;

    /**
     * Delivers every change under {@code prefix} with a revision greater than
     * {@code afterRevision}, first the ones already in history, then the new ones as they are made.
     *
     * @throws CompactedException when {@code afterRevision} is older than the compacted revision
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener)
            throws CompactedException, IOException;

    /**
     * Drops history up to and including {@code revision} (never a key's current value) and
     * reclaims the space online. Watches that still need it are closed.
     *
     * @return the compacted revision now in force
     */
    long compact(long revision) throws IOException;

    /** Flushes and releases the store; pending writes finish first. */
    @Override
    void close() throws IOException;
}
