package io.timonel.kernel.watch;

/**
 * Receives the events of one cache watch. Called with the cache's lock held, so implementations
 * only enqueue and return; they must never block or call back into the cache.
 */
public interface WatchSink {

    /** One event, in revision order. */
    void onEvent(CacheEvent event);

    /** The watch ended (the cache closed, or this sink fell too far behind). */
    void onClose(String reason);
}
