package io.timonel.plugins.controllers.kit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller still expects to see in its informer after its own writes, as client-go's
 * (UID-tracking) ControllerExpectations: a controller that created five pods does not act again
 * on that owner until the informer has shown five new pods (or the expectations expired), so that
 * a lagging cache never makes it create them twice. Deletions are tracked by pod UID, because a
 * pod is seen "deleted" both when it gets a deletionTimestamp and when it disappears.
 *
 * <p>Thread-safe; keys are owner keys ({@code namespace/name}).
 */
public final class ControllerExpectations {
    /** Expectations older than this are dropped: a lost watch event must not wedge an owner. */
    public static final Duration TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public ControllerExpectations(Clock clock) {
        this.clock = clock;
    }

    private static final class Pending {
        int creations;
        final Set<String> deletions = new HashSet<>();
        Instant since;
    }

    /** Whether the owner may act: nothing pending, or what was pending has expired. */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        synchronized (p) {
            return (p.creations <= 0 && p.deletions.isEmpty()) || p.since.plus(TTL).isBefore(clock.instant());
        }
    }

    /** Records that {@code count} creations are about to be made for {@code key} (replacing what was pending). */
    public void expectCreations(String key, int count) {
        expect(key, count, java.util.List.of());
    }

    /** Records that the pods with these UIDs are about to be deleted for {@code key} (replacing what was pending). */
    public void expectDeletions(String key, Collection<String> uids) {
        expect(key, 0, uids);
    }

    /** Records creations and deletions about to be made together, replacing what was pending. */
    public void expect(String key, int creations, Collection<String> deletionUids) {
        Pending p = new Pending();
        p.creations = creations;
        p.deletions.addAll(deletionUids);
        p.since = clock.instant();
        pending.put(key, p);
    }

    /** One creation was seen in the informer, or will never happen (the create failed). */
    public void creationObserved(String key) {
        Pending p = pending.get(key);
        if (p != null) {
            synchronized (p) {
                p.creations--;
            }
        }
    }

    /** The pod with {@code uid} was seen going away, or will not (the delete failed). */
    public void deletionObserved(String key, String uid) {
        Pending p = pending.get(key);
        if (p != null) {
            synchronized (p) {
                p.deletions.remove(uid);
            }
        }
    }

    /** Forgets the owner (it was deleted). */
    public void forget(String key) {
        pending.remove(key);
    }
}
