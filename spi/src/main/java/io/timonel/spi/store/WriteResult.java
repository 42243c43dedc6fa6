package io.timonel.spi.store;

/**
 * The outcome of a write. Writes never throw for expected outcomes (a conflict, a missing key);
 * they return one of these values. Exceptions mean the store itself failed.
 */
public sealed interface WriteResult {

    /** The write was made durable at {@code kv.modRevision()}; {@code kv} is the stored value. */
    record Written(KeyValue kv) implements WriteResult {
    }

    /** A create found the key present; {@code existing} is the stored value. */
    record AlreadyExists(KeyValue existing) implements WriteResult {
    }

    /** An update or delete expected another revision; {@code current} is the stored value. */
    record Conflict(KeyValue current) implements WriteResult {
    }

    /** An update or delete found no such key. */
    record NotFound(String key) implements WriteResult {
    }
}
