package io.timonel.spi.store;

/**
 * A change to one key, as delivered to watchers in revision order.
 *
 * @param type     what happened
 * @param current  the value after the change; for {@link Type#DELETED} the last value, with
 *                 {@code modRevision} set to the revision of the deletion
 * @param previous the value before the change, or {@code null} when the key was created
 */
public record StoreEvent(Type type, KeyValue current, KeyValue previous) {
    /** The kind of change. */
    public enum Type {
        /** The key did not exist before this revision. */
        CREATED,
        /** The key existed and got a new value. */
        UPDATED,
        /** The key was removed. */
        DELETED
    }

    /** The revision at which this change happened. */
    public long revision() {
        return current.modRevision();
    }
}
