package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.pods.Sidecars;
import io.timonel.spi.runtime.ContainerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the probes of the running containers of this node: one worker per container and kind,
 * scheduled every periodSeconds on the timer and run on the runner (probes block). A result that
 * changes wakes the pod's worker. Thread-safe.
 */
public final class ProbeManager implements Probes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    private record Scheduled(ProbeWorker worker, ScheduledFuture<?> future) {
    }

    private final Prober prober;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Executor runner;
    private final PodEvents events;
    private final Consumer<String> changed;
    /** By container id and kind. */
    private final Map<String, Scheduled> workers = new ConcurrentHashMap<>();

    /**
     * @param timer   schedules the runs (never blocked)
     * @param runner  runs the probes
     * @param changed called with a pod's uid when one of its results changed
     */
    public ProbeManager(Prober prober, Clock clock, ScheduledExecutorService timer, Executor runner, PodEvents events,
                        Consumer<String> changed) {
        this.prober = prober;
        this.clock = clock;
        this.timer = timer;
        this.runner = runner;
        this.events = events;
        this.changed = changed;
    }

    @Override
    public ProbeResult result(String containerId, ProbeKind kind) {
        Scheduled s = workers.get(key(containerId, kind));
        return s == null ? null : s.worker().result();
    }

    /**
     * Makes the probes of the pod's running containers run, and those of its other containers
     * stop.
     *
     * @param running the running instance of each main container, by name
     */
    @Override
    public void sync(Pod pod, String podIp, Map<String, ContainerStatus> running) {
        String uid = pod.getMetadata().getUid();
        for (Container container : Sidecars.withContainers(pod.getSpec())) {
            ContainerStatus instance = running.get(container.getName());
            if (instance == null) {
                continue;
            }
            for (ProbeKind kind : ProbeKind.values()) {
                if (kind.of(container) == null) {
                    continue;
                }
                String key = key(instance.id(), kind);
                Scheduled existing = workers.get(key);
                if (existing != null) {
                    existing.worker().update(pod, podIp);
                } else {
                    start(new ProbeWorker(pod, podIp, container, instance.id(), instance.startedAt(), kind), key);
                }
            }
        }
        workers.entrySet().removeIf(e -> {
            ProbeWorker w = e.getValue().worker();
            boolean gone = w.podUid.equals(uid) && running.values().stream().noneMatch(c -> c.id().equals(w.containerId));
            if (gone) {
                e.getValue().future().cancel(false);
            }
            return gone;
        });
    }

    /** Stops every probe of a pod. */
    @Override
    public void forget(String podUid) {
        workers.entrySet().removeIf(e -> {
            boolean mine = e.getValue().worker().podUid.equals(podUid);
            if (mine) {
                e.getValue().future().cancel(false);
            }
            return mine;
        });
    }

    private void start(ProbeWorker worker, String key) {
        long delay = Math.max(0, Duration.between(clock.instant(), worker.firstRun()).toMillis());
        AtomicBoolean busy = new AtomicBoolean();
        Runnable run = () -> {
            if (!busy.compareAndSet(false, true)) {
                return; // the run before is still going: skip this period
            }
            try {
                runner.execute(() -> {
                    try {
                        if (worker.tick(clock.instant(), prober, this, events)) {
                            changed.accept(worker.podUid);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("probe of container {} failed to run", worker.containerId, e);
                    } finally {
                        busy.set(false);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                busy.set(false);
            }
        };
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(run, delay, worker.periodSeconds() * 1000,
                TimeUnit.MILLISECONDS);
        workers.put(key, new Scheduled(worker, future));
    }

    private static String key(String containerId, ProbeKind kind) {
        return containerId + "/" + kind;
    }

    @Override
    public void close() {
        workers.values().forEach(s -> s.future().cancel(false));
        workers.clear();
    }
}
