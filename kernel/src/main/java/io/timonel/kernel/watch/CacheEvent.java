package io.timonel.kernel.watch;

/**
 * One change seen by the watch cache.
 *
 * @param type     ADDED, MODIFIED or DELETED, as in a Kubernetes WatchEvent
 * @param object   the object after the change (for DELETED: the last state, at the deletion's revision)
 * @param previous the object before the change, or {@code null} for ADDED
 */
public record CacheEvent(Type type, CachedObject object, CachedObject previous) {

    /** Watch event types, named as on the wire. */
    public enum Type { ADDED, MODIFIED, DELETED }

    public long revision() {
        return object.modRevision();
    }
}
