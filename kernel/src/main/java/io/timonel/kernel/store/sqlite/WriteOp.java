package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.WriteResult;
import java.util.concurrent.CompletableFuture;

/**
 * A request queued for the {@link GroupCommitWriter}. Its future completes once the batch that
 * carried it has committed (and so is durable), or exceptionally when that commit failed.
 */
sealed interface WriteOp {

    /** Completed after the commit with the op's outcome. */
    CompletableFuture<?> future();

    record Create(String key, byte[] value, CompletableFuture<WriteResult> future) implements WriteOp {
    }

    record Update(String key, byte[] value, long expectedRevision, CompletableFuture<WriteResult> future)
            implements WriteOp {
    }

    /** {@code expectedRevision} 0 deletes whatever revision is current. */
    record Delete(String key, long expectedRevision, CompletableFuture<WriteResult> future) implements WriteOp {
    }

    /** Compacts up to {@code revision} (clamped to the current one); yields the compacted revision. */
    record Compact(long revision, CompletableFuture<Long> future) implements WriteOp {
    }

    /** Ends the writer after everything queued before it; completes when the writer has stopped. */
    record Stop(CompletableFuture<Void> future) implements WriteOp {
    }
}
