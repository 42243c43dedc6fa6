package io.timonel.plugins.localpath;

import java.time.Duration;

/**
 * What one reconciliation leaves to do.
 *
 * @param requeue whether the key goes back on the queue, after a back-off that grows with each retry
 */
record Reconciled(boolean requeue) {
    private static final Reconciled DONE = new Reconciled(false);
    private static final Reconciled RETRY = new Reconciled(true);

    /** Converged, or waiting for an event that will enqueue the key again. */
    static Reconciled done() {
        return DONE;
    }

    /** Failed (a conflict, the API unreachable): try again later. */
    static Reconciled retry() {
        return RETRY;
    }

    /** The back-off before retry number {@code attempt} (1, 2, …): 500 ms doubling up to a minute. */
    static Duration backoff(int attempt) {
        long millis = 500L << Math.min(attempt - 1, 7);
        return Duration.ofMillis(Math.min(millis, 60_000));
    }
}
