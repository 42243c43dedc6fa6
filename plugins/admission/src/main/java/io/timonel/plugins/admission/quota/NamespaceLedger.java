package io.timonel.plugins.admission.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reservations of one namespace and the lock that makes quota decisions there one at a
 * time. Callers hold {@link #lock()} around read-decide-reserve; the methods assume it is held.
 */
final class NamespaceLedger {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Reservation> reservations = new ArrayList<>();

    ReentrantLock lock() {
        return lock;
    }

    /**
     * Drops reservations that have expired, and those of {@code group/resource} whose object the
     * cache now shows ({@code visibleUids}), so that nothing is counted twice.
     */
    void prune(String group, String resource, Set<String> visibleUids, Instant now) {
        reservations.removeIf(r -> !now.isBefore(r.expires())
                || (r.group().equals(group) && r.resource().equals(resource) && visibleUids.contains(r.uid())));
    }

    /** The reservations still pending for objects of {@code group/resource}. */
    List<Reservation> pending(String group, String resource) {
        return reservations.stream().filter(r -> r.group().equals(group) && r.resource().equals(resource)).toList();
    }

    void add(Reservation reservation) {
        reservations.add(reservation);
    }

    boolean isEmpty() {
        return reservations.isEmpty();
    }
}
