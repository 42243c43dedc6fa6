package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per pod of this node: a pod's syncs run one at a time, on the executor, and again
 * whenever something about the pod changed (its object, its containers, its probes) while one
 * ran; each sync says when the next is due at the latest (a back-off ending), else the periodic
 * resync. Pods that left the node (deleted from the API, or found in the runtime without a pod:
 * orphans) are cleaned up and forgotten. Thread-safe.
 */
public final class PodWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
    /** How soon a sync that failed on the runtime is tried again. */
    static final Duration RUNTIME_RETRY = Duration.ofSeconds(2);

    private final class Worker {
        final String uid;
        final PodRecord rec;
        volatile Pod pod;
        /** The pod left the node: clean up instead of sync. */
        volatile boolean removed;
        private boolean running;
        private boolean pending;
        private ScheduledFuture<?> timer;

        Worker(Pod pod) {
            this.uid = pod.getMetadata().getUid();
            this.rec = new PodRecord(uid);
            this.pod = pod;
        }
    }

    private final PodSync sync;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Duration resync;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile String lastRuntimeProblem;

    /**
     * @param executor runs the syncs (blocking; as many threads as pods syncing at once)
     * @param timer    schedules the next syncs (never blocked)
     * @param resync   how often every pod is synced without an event
     */
    public PodWorkers(PodSync sync, Executor executor, ScheduledExecutorService timer, Duration resync) {
        this.sync = sync;
        this.executor = executor;
        this.timer = timer;
        this.resync = resync;
    }

    /** A pod bound to this node was added or changed. */
    public void update(Pod pod) {
        Worker w = workers.computeIfAbsent(pod.getMetadata().getUid(), k -> new Worker(pod));
        w.pod = pod;
        enqueue(w);
    }

    /** A pod left this node (deleted from the API): its containers are stopped and removed. */
    public void removed(Pod pod) {
        Worker w = workers.computeIfAbsent(pod.getMetadata().getUid(), k -> new Worker(pod));
        w.pod = pod;
        w.removed = true;
        enqueue(w);
    }

    /**
     * Sandboxes or containers of a pod uid the agent does not know (left from before a restart,
     * their pod gone): they are removed.
     */
    public void orphan(String uid, Map<String, String> labels) {
        Pod stub = new PodBuilder().withNewMetadata().withUid(uid).withName(labels.get(Labels.POD_NAME))
                .withNamespace(labels.get(Labels.POD_NAMESPACE)).endMetadata().withNewSpec().endSpec().build();
        Worker w = workers.computeIfAbsent(uid, k -> {
            Worker n = new Worker(stub);
            n.removed = true;
            return n;
        });
        if (w.removed) {
            enqueue(w);
        }
    }

    /** Something about the pod changed (its containers, a probe result): sync it. */
    public void changed(String uid) {
        Worker w = workers.get(uid);
        if (w != null) {
            enqueue(w);
        }
    }

    /** Evicts a pod: its containers stop and its phase becomes Failed, reason Evicted. */
    public void evict(String uid, String message) {
        Worker w = workers.get(uid);
        if (w != null && !w.removed) {
            w.rec.evict(message);
            enqueue(w);
        }
    }

    /** Whether an eviction of the pod was asked for. */
    public boolean evicting(String uid) {
        Worker w = workers.get(uid);
        return w != null && w.rec.eviction() != null;
    }

    /** Whether the agent knows the pod uid (bound here, or being cleaned up). */
    public boolean knows(String uid) {
        return workers.containsKey(uid);
    }

    /** The latest object of a pod bound here, if any. */
    public Optional<Pod> pod(String uid) {
        Worker w = workers.get(uid);
        return w == null || w.removed ? Optional.empty() : Optional.of(w.pod);
    }

    /** The pods bound here (not those being cleaned up). */
    public List<Pod> pods() {
        return workers.values().stream().filter(w -> !w.removed).map(w -> w.pod).toList();
    }

    private void enqueue(Worker w) {
        if (closed) {
            return;
        }
        synchronized (w) {
            w.pending = true;
            if (w.running) {
                return;
            }
            w.running = true;
        }
        try {
            executor.execute(() -> run(w));
        } catch (RejectedExecutionException e) {
            synchronized (w) {
                w.running = false;
            }
        }
    }

    private void run(Worker w) {
        while (true) {
            synchronized (w) {
                if (!w.pending || closed) {
                    w.running = false;
                    return;
                }
                w.pending = false;
            }
            SyncResult result = syncOnce(w);
            if (result.finished()) {
                workers.remove(w.uid, w);
                cancelTimer(w);
            } else {
                schedule(w, result.after() == null ? resync : SyncResult.sooner(result.after(), resync));
            }
        }
    }

    private SyncResult syncOnce(Worker w) {
        Pod pod = w.pod;
        try {
            SyncResult r = w.removed ? sync.terminate(pod, w.rec, orphanGrace(pod), false) : sync.sync(pod, w.rec);
            lastRuntimeProblem = null;
            return r;
        } catch (RuntimeUnavailableException e) {
            if (!String.valueOf(e.getMessage()).equals(lastRuntimeProblem)) {
                LOG.warn("pod {}/{}: container runtime failed: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
                lastRuntimeProblem = String.valueOf(e.getMessage());
            }
            return SyncResult.after(RUNTIME_RETRY);
        } catch (RuntimeException e) {
            LOG.warn("pod {}/{}: sync failed", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e);
            return SyncResult.after(PodSync.RETRY);
        }
    }

    /** A pod gone from the API stops with its deletion's grace period, else briefly. */
    private static Duration orphanGrace(Pod pod) {
        Long s = pod.getMetadata().getDeletionGracePeriodSeconds();
        return s != null ? Duration.ofSeconds(Math.max(0, s)) : PodSync.ORPHAN_GRACE;
    }

    private void schedule(Worker w, Duration delay) {
        synchronized (w) {
            if (w.timer != null) {
                w.timer.cancel(false);
            }
            if (closed) {
                return;
            }
            try {
                w.timer = timer.schedule(() -> enqueue(w), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                w.timer = null;
            }
        }
    }

    private void cancelTimer(Worker w) {
        synchronized (w) {
            if (w.timer != null) {
                w.timer.cancel(false);
                w.timer = null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.values().forEach(this::cancelTimer);
    }
}
