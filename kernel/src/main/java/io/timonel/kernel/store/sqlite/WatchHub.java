package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.StoreEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans the writer's committed changes out to the watches. Publishing only filters and enqueues,
 * so a slow watcher never holds up the writer.
 */
final class WatchHub {
    // Copy-on-write: a watch added before a publish starts is always seen by it, which is what
    // lets a new watch tell which changes it must take from history (see SqliteStoreBackend#watch).
    private final List<WatchSubscription> subscriptions = new CopyOnWriteArrayList<>();

    void add(WatchSubscription subscription) {
        subscriptions.add(subscription);
    }

    void remove(WatchSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /** Hands one committed batch, in revision order, to every watch. Called by the writer only. */
    void publish(List<StoreEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (WatchSubscription subscription : subscriptions) {
            subscription.offer(events);
        }
    }

    /** Ends every watch with {@code cause}; each gets {@code onClosed} on its delivery thread. */
    void closeAll(Throwable cause) {
        for (WatchSubscription subscription : subscriptions) {
            subscription.fail(cause);
        }
    }
}
