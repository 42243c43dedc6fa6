package io.timonel.plugins.nodeagent.pods;

import java.time.Duration;

/**
 * What a pod sync asks of its worker.
 *
 * @param after    sync again after this long at the latest (a back-off ending), or null for the periodic resync
 * @param finished the pod is gone from the node: forget its worker
 */
public record SyncResult(Duration after, boolean finished) {
    /** Sync again at the periodic resync (or on the next event). */
    public static SyncResult resync() {
        return new SyncResult(null, false);
    }

    /** Sync again after {@code delay}, or earlier on an event. */
    public static SyncResult after(Duration delay) {
        return new SyncResult(delay, false);
    }

    /** Nothing of the pod remains here. */
    public static SyncResult gone() {
        return new SyncResult(null, true);
    }

    /** The sooner of two delays (null meaning none). */
    static Duration sooner(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
