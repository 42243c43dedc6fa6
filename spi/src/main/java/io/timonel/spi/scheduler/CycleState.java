package io.timonel.spi.scheduler;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Data that policies keep for one pod's scheduling cycle (and its binding cycle), under keys of
 * their own: typically computed once in pre-filter or pre-score and read per node in filter or
 * score. Written and read on the scheduling thread; the binding cycle reads it after.
 */
public final class CycleState {

    /** A typed key; compare by identity, so each policy's private constant is its own. */
    public static final class Key<T> {
        private final String name;

        public Key(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<Key<?>, Object> values = new IdentityHashMap<>();

    /** The value under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T read(Key<T> key) {
        return (T) values.get(key);
    }

    public <T> void write(Key<T> key, T value) {
        values.put(key, value);
    }
}
