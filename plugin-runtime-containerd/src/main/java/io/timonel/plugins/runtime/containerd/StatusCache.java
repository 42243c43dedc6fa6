package io.timonel.plugins.runtime.containerd;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The last status read of each sandbox or container, kept while its listed state stays the same:
 * what a status call adds to the listing (an IP, start and finish times, an exit code) does not
 * change without a change of state, and the node agent lists every second. Thread-safe.
 *
 * @param <S> the status type
 */
final class StatusCache<S> {
    private record Seen<S>(Object state, S status) {
    }

    private final Map<String, Seen<S>> seen = new ConcurrentHashMap<>();

    /** The status of {@code id} as last read in {@code state}, else {@code read}'s (then remembered). */
    S get(String id, Object state, Supplier<S> read) {
        Seen<S> known = seen.get(id);
        if (known != null && known.state().equals(state)) {
            return known.status();
        }
        S status = read.get();
        seen.put(id, new Seen<>(state, status));
        return status;
    }

    /** Forgets every id not in {@code listed} (removed from the runtime). */
    void retain(Set<String> listed) {
        seen.keySet().retainAll(listed);
    }

    /** Forgets one id. */
    void forget(String id) {
        seen.remove(id);
    }
}
