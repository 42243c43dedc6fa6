package io.timonel.plugins.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the job controller made but its caches have not shown yet, so that a reconcile running
 * on a stale cache neither creates pods twice nor counts a pod twice. Pods created are remembered
 * by name per job until the pod informer shows them; pods whose tracking finalizer was removed
 * are remembered by uid until the informer shows them without it. Entries expire, so a lost
 * event delays a job but never stops it.
 */
final class Expectations {
    static final Duration EXPIRY = Duration.ofMinutes(5);

    private final Map<String, Map<String, Instant>> creations = new HashMap<>();
    private final Map<String, Instant> finalizersRemoved = new HashMap<>();

    synchronized void expectCreated(String jobKey, String podName, Instant now) {
        creations.computeIfAbsent(jobKey, k -> new HashMap<>()).put(podName, now);
    }

    synchronized void observedPod(String jobKey, String podName) {
        Map<String, Instant> pending = creations.get(jobKey);
        if (pending != null && pending.remove(podName) != null && pending.isEmpty()) {
            creations.remove(jobKey);
        }
    }

    /** Whether every pod created for {@code jobKey} has been seen (or given up on). */
    synchronized boolean creationsObserved(String jobKey, Instant now) {
        Map<String, Instant> pending = creations.get(jobKey);
        if (pending == null) {
            return true;
        }
        pending.values().removeIf(at -> at.plus(EXPIRY).isBefore(now));
        if (pending.isEmpty()) {
            creations.remove(jobKey);
            return true;
        }
        return false;
    }

    synchronized void expectFinalizerRemoved(String podUid, Instant now) {
        finalizersRemoved.put(podUid, now);
    }

    /** The informer showed the pod without the finalizer, or gone. */
    synchronized void observedFinalizerRemoved(String podUid) {
        finalizersRemoved.remove(podUid);
    }

    /** Whether the finalizer of {@code podUid} was removed already though the cache may still show it. */
    synchronized boolean finalizerRemoved(String podUid, Instant now) {
        Instant at = finalizersRemoved.get(podUid);
        if (at != null && at.plus(EXPIRY).isBefore(now)) {
            finalizersRemoved.remove(podUid);
            return false;
        }
        return at != null;
    }

    synchronized void forgetJob(String jobKey) {
        creations.remove(jobKey);
    }

    synchronized Set<String> pendingCreations(String jobKey) {
        Map<String, Instant> pending = creations.get(jobKey);
        return pending == null ? Set.of() : new HashSet<>(pending.keySet());
    }
}
