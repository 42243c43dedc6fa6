package io.timonel.plugins.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.plugins.scheduler.cache.SchedulerCache;
import io.timonel.plugins.scheduler.framework.NominatedPods;
import io.timonel.plugins.scheduler.framework.Profile;
import io.timonel.plugins.scheduler.framework.ScheduleResult;
import io.timonel.plugins.scheduler.queue.SchedulingQueue;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.QueuedPod;
import io.timonel.spi.scheduler.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduling loop: pops a pod, runs its profile's scheduling cycle on the snapshot, assumes
 * it on the chosen node, reserves and permits, and hands it to the binding cycle, which runs off
 * this thread with at most {@code maxBindingsInFlight} pods at once (the loop waits for a free
 * slot, so a slow API server slows scheduling rather than piling up). One thread calls
 * {@link #scheduleOne}.
 */
public final class Scheduler {

    private final Map<String, Profile> profiles;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Outcomes outcomes;
    private final Semaphore bindings;
    private final NominatedPods nominated = new NominatedPods();
    private final Executor preBindExecutor;
    private final AtomicLong bound = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();

    /**
     * @param profiles            by scheduler name
     * @param preBindExecutor     where pre-bind policies run (binding itself is asynchronous)
     */
    public Scheduler(Map<String, Profile> profiles, SchedulerCache cache, SchedulingQueue queue, Outcomes outcomes,
                     int maxBindingsInFlight, Executor preBindExecutor) {
        this.profiles = Map.copyOf(profiles);
        this.cache = cache;
        this.queue = queue;
        this.outcomes = outcomes;
        this.bindings = new Semaphore(maxBindingsInFlight);
        this.preBindExecutor = preBindExecutor;
    }

    /** Whether pods of this {@code spec.schedulerName} (null: default) are ours. */
    public boolean serves(String schedulerName) {
        return profiles.containsKey(schedulerName == null || schedulerName.isEmpty() ? "default-scheduler" : schedulerName);
    }

    /**
     * What the watch says of an unbound pod's {@code status.nominatedNodeName} (after a restart,
     * or another scheduler's preemption); a deleted or bound pod passes null.
     */
    public void nominated(PodInfo pod, String node) {
        nominated.nominate(pod, node);
    }

    /** The pod is gone. */
    public void forgetNomination(String uid) {
        nominated.remove(uid);
    }

    /** Pods bound so far. */
    public long bound() {
        return bound.get();
    }

    public long cycles() {
        return cycles.get();
    }

    /**
     * Schedules the next pod, waiting up to {@code wait} for one.
     * @return false when no pod came
     */
    public boolean scheduleOne(Duration wait) throws InterruptedException {
        QueuedPod queued = queue.pop(wait);
        if (queued == null) {
            return false;
        }
        PodInfo pod = queued.info();
        String uid = pod.uid();
        Profile profile = profiles.get(schedulerName(pod.pod()));
        if (profile == null || pod.pod().getMetadata().getDeletionTimestamp() != null || cache.contains(uid)) {
            queue.done(uid);
            return true;
        }
        cycles.incrementAndGet();
        ScheduleResult result;
        try {
            result = profile.schedule(pod, cache.snapshot(), nominated);
        } catch (RuntimeException e) {
            // a defect must not leave the pod in flight for ever: it backs off and is tried again
            result = new ScheduleResult.Failed(Status.error("scheduling cycle failed: " + e));
        }
        if (result instanceof ScheduleResult.Scheduled s) {
            assumeAndBind(profile, queued, s.node(), s.state());
        } else if (result instanceof ScheduleResult.Unschedulable u) {
            if (u.nominated() != null) {
                nominated.nominate(pod, u.nominated());
            }
            queue.failed(uid, true);
            outcomes.unschedulable(pod, u.message());
        } else if (result instanceof ScheduleResult.Failed f) {
            queue.failed(uid, false);
            outcomes.failed(pod, f.status());
        }
        return true;
    }

    private static String schedulerName(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? "default-scheduler" : name;
    }

    private void assumeAndBind(Profile profile, QueuedPod queued, String node, CycleState state) throws InterruptedException {
        PodInfo pod = queued.info();
        Pod assumedPod = new PodBuilder(pod.pod()).editSpec().withNodeName(node).endSpec().build();
        PodInfo assumed = new PodInfo(assumedPod, pod.requests(), pod.nonZero(), pod.priority());
        cache.assume(assumed, node);
        Status permitted = profile.reserveAndPermit(state, assumed, node);
        if (!permitted.isSuccess()) {
            cache.forget(pod.uid());
            queue.failed(pod.uid(), permitted.isRejected());
            if (permitted.isRejected()) {
                outcomes.unschedulable(pod, permitted.message());
            } else {
                outcomes.failed(pod, permitted);
            }
            return;
        }
        queue.done(pod.uid());
        nominated.remove(pod.uid());
        bindings.acquire();
        Runnable binding = () -> {
            Status pre = profile.preBind(state, assumed, node);
            if (!pre.isSuccess()) {
                bindingFailed(profile, state, queued, node, pre);
                return;
            }
            profile.bind(state, assumed, node).whenComplete((status, error) -> {
                Status s = error != null ? Status.error("binding failed: " + error) : status;
                if (s.isSuccess()) {
                    cache.finishBinding(pod.uid());
                    bound.incrementAndGet();
                    bindings.release();
                    outcomes.scheduled(pod, node);
                } else {
                    bindingFailed(profile, state, queued, node, s);
                }
            });
        };
        if (profile.hasPreBind()) {
            preBindExecutor.execute(binding);
        } else {
            binding.run();
        }
    }

    private void bindingFailed(Profile profile, CycleState state, QueuedPod queued, String node, Status status) {
        PodInfo pod = queued.info();
        try {
            profile.unreserve(state, pod, node);
            cache.forget(pod.uid());
            queue.requeueAfterBindingFailure(pod, queued.attempts());
            outcomes.failed(pod, status);
        } finally {
            bindings.release();
        }
    }
}
