package io.timonel.spi.store;

import java.util.List;

/**
 * Receives the changes of a watch. Called on one thread per watch, never concurrently, with
 * batches in strictly increasing revision order and no gaps: every change after the start
 * revision under the watched prefix is delivered exactly once.
 */
public interface WatchListener {

    /** A batch of changes, in revision order. Must not block for long. */
    void onEvents(List<StoreEvent> events);

    /**
     * The watch cannot go on (the store is closing, or the history it needed was compacted).
     * No further calls follow.
     */
    default void onClosed(Throwable cause) {
    }
}
