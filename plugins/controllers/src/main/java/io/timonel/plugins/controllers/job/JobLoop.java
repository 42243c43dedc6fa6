package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventRecorder;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller: runs a job's pods until enough succeed ({@code completions}, at most
 * {@code parallelism} at a time, NonIndexed or Indexed) or it fails ({@code backoffLimit},
 * {@code activeDeadlineSeconds}, {@code podFailurePolicy}), then deletes it
 * {@code ttlSecondsAfterFinished} later. Pods carry the tracking finalizer until their end is
 * counted in the job's status: a terminated pod goes into {@code uncountedTerminatedPods}, loses
 * its finalizer, then moves into {@code succeeded}/{@code failed}, so nothing is counted twice or lost.
 *
 * <p>Settings: {@code job-backoff-base-ms} (10000) and {@code job-backoff-max-ms} (360000), the
 * delay before failed pods are replaced.
 */
public final class JobLoop implements ControlLoop {
    private static final String POD_INDEX = "job-controller:job";
    /** Queue keys of orphaned pods start with this (a job key never contains a space). */
    private static final String ORPHAN_POD = "orphan-pod ";

    private ControllerRuntime runtime;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventRecorder events;
    private Backoff backoff;
    private final Expectations expectations = new Expectations();
    /** Consecutive pod failures per job uid and when the last one was seen: the replacement back-off. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int inRow, Instant last) {
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        events = runtime.events("job-controller");
        backoff = new Backoff(Duration.ofMillis(runtime.intSetting("job-backoff-base-ms", 10_000)),
                Duration.ofMillis(runtime.intSetting("job-backoff-max-ms", 360_000)));
        jobs = runtime.informers().of(Job.class);
        pods = runtime.informers().of(Pod.class);
        pods.addIndexers(Map.of(POD_INDEX, pod -> Owners.controllerOf(pod)
                .filter(ref -> "Job".equals(ref.getKind()) && ref.getApiVersion() != null
                        && ref.getApiVersion().startsWith("batch/"))
                .map(ref -> List.of(Keys.of(pod.getMetadata().getNamespace(), ref.getName())))
                .orElse(List.of())));
        jobs.addEventHandler(Handlers.enqueue(queue));
        pods.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod, false);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                observe(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                observe(pod, true);
            }
        });
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private void observe(Pod pod, boolean deleted) {
        if (deleted || !JobPods.tracked(pod)) {
            expectations.observedFinalizerRemoved(pod.getMetadata().getUid());
        }
        var controller = Owners.controllerOf(pod).filter(ref -> "Job".equals(ref.getKind()));
        if (controller.isPresent()) {
            String key = Keys.of(pod.getMetadata().getNamespace(), controller.get().getName());
            expectations.observedPod(key, pod.getMetadata().getName());
            queue.add(key);
        } else if (!deleted && JobPods.tracked(pod)) {
            queue.add(ORPHAN_POD + Keys.of(pod)); // orphaned (kubectl delete --cascade=orphan): no job will count it
        }
    }

    /** Removes the tracking finalizer of a pod no job controls any more. */
    private Result releaseOrphan(String podKey) {
        Pod pod = pods.getStore().getByKey(podKey);
        if (pod != null && JobPods.tracked(pod) && Owners.controllerOf(pod).filter(r -> "Job".equals(r.getKind())).isEmpty()) {
            removeFinalizer(pod, runtime.clock().instant());
        }
        return Result.done();
    }

    @Override
    public void run() {
        loop.start(Math.max(1, runtime.intSetting("job-workers", 4)));
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    Result reconcile(String key) {
        if (key.startsWith(ORPHAN_POD)) {
            return releaseOrphan(key.substring(ORPHAN_POD.length()));
        }
        Instant now = runtime.clock().instant();
        Job job = jobs.getStore().getByKey(key);
        if (job != null && job.getSpec().getManagedBy() != null
                && !"kubernetes.io/job-controller".equals(job.getSpec().getManagedBy())) {
            return Result.done(); // another controller owns this job's status (spec.managedBy)
        }
        List<Pod> all = pods.getIndexer().byIndex(POD_INDEX, key);
        if (job == null || job.getMetadata().getDeletionTimestamp() != null) {
            // the job is gone or going: its pods are no longer tracked by anyone
            expectations.forgetJob(key);
            all.stream().filter(JobPods::tracked).forEach(p -> removeFinalizer(p, now));
            return Result.done();
        }
        String uid = job.getMetadata().getUid();
        List<Pod> owned = new ArrayList<>();
        for (Pod pod : all) {
            if (Owners.isControlledBy(pod, uid)) {
                owned.add(pod);
            } else if (JobPods.tracked(pod)) {
                removeFinalizer(pod, now); // a pod of an earlier job of the same name
            }
        }
        if (JobConditions.finished(job)) {
            failures.remove(uid);
            owned.stream().filter(p -> JobPods.tracked(p) && !expectations.finalizerRemoved(p.getMetadata().getUid(), now))
                    .forEach(p -> removeFinalizer(p, now));
            return expireAfterFinished(job, now);
        }
        return sync(key, job, owned, now);
    }

    /** Deletes a finished job once its {@code ttlSecondsAfterFinished} has passed. */
    private Result expireAfterFinished(Job job, Instant now) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null) {
            return Result.done();
        }
        Instant finished = JobConditions.finishedAt(job).orElse(now);
        Instant expires = finished.plusSeconds(ttl);
        if (now.isBefore(expires)) {
            return Result.after(Duration.between(now, expires));
        }
        Job current = jobs.getStore().getByKey(Keys.of(job));
        if (current == null || !current.getMetadata().getUid().equals(job.getMetadata().getUid())) {
            return Result.done();
        }
        try {
            runtime.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                return Result.retry();
            }
        }
        return Result.done();
    }

    private Result sync(String key, Job job, List<Pod> owned, Instant now) {
        JobSpec spec = job.getSpec();
        boolean indexed = "Indexed".equals(spec.getCompletionMode());
        int completions = spec.getCompletions() == null ? -1 : spec.getCompletions();
        JobStatus status = copyStatus(job.getStatus());
        JobStatus before = copyStatus(job.getStatus());
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods() == null
                ? new UncountedTerminatedPods(new ArrayList<>(), new ArrayList<>())
                : new UncountedTerminatedPods(new ArrayList<>(listOf(status.getUncountedTerminatedPods().getFailed())),
                new ArrayList<>(listOf(status.getUncountedTerminatedPods().getSucceeded())));
        BitSet completed = IndexSet.parse(status.getCompletedIndexes());
        Integer perIndexLimit = indexed ? spec.getBackoffLimitPerIndex() : null;
        BitSet failedIndexes = IndexSet.parse(status.getFailedIndexes());
        String failureReason = JobConditions.find(status, JobConditions.FAILURE_TARGET)
                .filter(c -> "True".equals(c.getStatus())).map(c -> c.getReason()).orElse(null);
        String failureMessage = JobConditions.find(status, JobConditions.FAILURE_TARGET)
                .filter(c -> "True".equals(c.getStatus())).map(c -> c.getMessage()).orElse(null);

        // 1. find pods that ended and are not yet counted
        List<Pod> newlyEnded = new ArrayList<>();
        List<Pod> ignored = new ArrayList<>();
        int newFailures = 0;
        boolean newSuccess = false;
        for (Pod pod : owned) {
            String podUid = pod.getMetadata().getUid();
            if (!JobPods.tracked(pod) || expectations.finalizerRemoved(podUid, now)
                    || uncounted.getSucceeded().contains(podUid) || uncounted.getFailed().contains(podUid)) {
                continue;
            }
            if (JobPods.succeeded(pod)) {
                int index = JobPods.index(pod);
                if (indexed && (index < 0 || index >= completions || completed.get(index))) {
                    ignored.add(pod); // a duplicate or stray index: it does not count
                    continue;
                }
                if (indexed) {
                    completed.set(index);
                }
                uncounted.getSucceeded().add(podUid);
                newlyEnded.add(pod);
                newSuccess = true;
            } else if (JobPods.failed(pod) || JobPods.deleting(pod)) {
                if (!JobPods.failed(pod) && !JobPods.deleting(pod)) {
                    continue;
                }
                FailurePolicy.Decision decision = JobPods.failed(pod)
                        ? FailurePolicy.decide(spec.getPodFailurePolicy(), pod) : FailurePolicy.Decision.COUNT;
                if (decision.action() == FailurePolicy.Action.IGNORE) {
                    ignored.add(pod);
                    continue;
                }
                if (decision.action() == FailurePolicy.Action.FAIL_JOB && failureReason == null) {
                    failureReason = "PodFailurePolicy";
                    failureMessage = decision.message();
                }
                int index = JobPods.index(pod);
                if (perIndexLimit != null && index >= 0 && index < completions
                        && (decision.action() == FailurePolicy.Action.FAIL_INDEX
                        || JobPods.indexFailureCount(pod) + 1 > perIndexLimit)) {
                    failedIndexes.set(index);
                }
                uncounted.getFailed().add(podUid);
                newlyEnded.add(pod);
                newFailures++;
            }
        }
        status.setCompletedIndexes(indexed ? IndexSet.format(completed) : null);
        if (perIndexLimit != null) {
            status.setFailedIndexes(IndexSet.format(failedIndexes));
        }
        if (!newlyEnded.isEmpty()) {
            // record them before their finalizers go, so a crash in between loses no count
            status.setUncountedTerminatedPods(uncounted);
            Job written = writeStatus(job, status);
            if (written == null) {
                return Result.retry();
            }
            job = written;
            before = copyStatus(written.getStatus());
        }
        if (newSuccess) {
            failures.remove(job.getMetadata().getUid());
        }
        if (newFailures > 0) {
            Failures previous = failures.get(job.getMetadata().getUid());
            failures.put(job.getMetadata().getUid(), new Failures((previous == null ? 0 : previous.inRow()) + newFailures, now));
        }

        // 2. drop their finalizers, then count them
        for (Pod pod : owned) {
            String podUid = pod.getMetadata().getUid();
            if (JobPods.tracked(pod) && !expectations.finalizerRemoved(podUid, now)
                    && (uncounted.getSucceeded().contains(podUid) || uncounted.getFailed().contains(podUid))) {
                removeFinalizer(pod, now);
            }
        }
        ignored.forEach(p -> removeFinalizer(p, now));
        int succeeded = zero(status.getSucceeded()) + uncounted.getSucceeded().size();
        if (indexed) {
            succeeded = completed.cardinality();
        }
        int failed = zero(status.getFailed()) + uncounted.getFailed().size();
        status.setSucceeded(succeeded == 0 ? null : succeeded);
        status.setFailed(failed == 0 ? null : failed);
        status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.of(), List.of()));

        // 3. decide: failure, success, suspension, or pods to start
        List<Pod> active = owned.stream().filter(JobPods::active).toList();
        int terminating = (int) owned.stream().filter(p -> JobPods.deleting(p) && !JobPods.terminal(p)).count();
        boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
        if (!suspended && status.getStartTime() == null) {
            status.setStartTime(seconds(now));
        }
        Result result = Result.done();
        Set<String> deleted = new HashSet<>();
        if (failureReason == null && perIndexLimit == null && failed > zero(spec.getBackoffLimit(), 6)) {
            failureReason = "BackoffLimitExceeded";
            failureMessage = "Job has reached the specified backoff limit";
        }
        if (failureReason == null && perIndexLimit != null && spec.getMaxFailedIndexes() != null
                && failedIndexes.cardinality() > spec.getMaxFailedIndexes()) {
            failureReason = "MaxFailedIndexesExceeded";
            failureMessage = "Job has exceeded the specified maximal number of failed indexes";
        }
        BitSet finishedIndexes = (BitSet) completed.clone();
        finishedIndexes.or(failedIndexes);
        if (failureReason == null && perIndexLimit != null && !failedIndexes.isEmpty()
                && finishedIndexes.cardinality() >= completions) {
            failureReason = "FailedIndexes";
            failureMessage = "Job has failed indexes";
        }
        if (failureReason == null && spec.getActiveDeadlineSeconds() != null && status.getStartTime() != null && !suspended) {
            Instant deadline = Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds());
            if (!now.isBefore(deadline)) {
                failureReason = "DeadlineExceeded";
                failureMessage = "Job was active longer than specified deadline";
            } else {
                result = Result.after(Duration.between(now, deadline));
            }
        }
        String successReason = "CompletionsReached";
        String successMessage = "Reached expected number of succeeded pods";
        boolean complete = !indexed && completions >= 0 ? succeeded >= completions
                : indexed ? completed.cardinality() >= completions
                : succeeded > 0 && active.isEmpty();
        Optional<String> policyMatch = indexed ? SuccessPolicies.matched(spec.getSuccessPolicy(), completed)
                : Optional.empty();
        if (!complete && policyMatch.isPresent()) {
            complete = true;
            successReason = "SuccessPolicy";
            successMessage = policyMatch.get();
        }
        if (failureReason != null) {
            JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", failureReason, failureMessage, now);
            deletePods(job, active, deleted);
            if (active.isEmpty() && terminating == 0) {
                if (JobConditions.set(status, JobConditions.FAILED, "True", failureReason, failureMessage, now)) {
                    events.warning(job, failureReason, failureMessage);
                }
            }
            result = Result.done();
        } else if (complete) {
            JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", successReason, successMessage, now);
            deletePods(job, active, deleted);
            if (active.isEmpty() && terminating == 0) {
                JobConditions.set(status, JobConditions.COMPLETE, "True", successReason, successMessage, now);
                status.setCompletionTime(seconds(now));
                events.normal(job, "Completed", "Job completed");
            }
            result = Result.done();
        } else if (suspended) {
            deletePods(job, active, deleted);
            if (JobConditions.set(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                events.normal(job, "Suspended", "Job suspended");
            }
            result = Result.done();
        } else {
            if (JobConditions.isTrue(status, JobConditions.SUSPENDED)) {
                JobConditions.set(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
                status.setStartTime(seconds(now)); // the deadline counts from the resumption
                events.normal(job, "Resumed", "Job resumed");
            }
            Result managed = managePods(key, job, owned, indexed, completions, succeeded, finishedIndexes, active, deleted, now);
            result = sooner(result, managed);
        }

        int activeNow = countActive(key, owned, deleted);
        status.setActive(activeNow == 0 ? null : activeNow);
        status.setReady((int) owned.stream().filter(p -> JobPods.active(p) && JobPods.ready(p)).count());
        status.setTerminating(terminating);
        if (!Objects.equals(status, before)) {
            if (writeStatus(job, status) == null) {
                return Result.retry();
            }
        }
        if (JobConditions.isTrue(status, JobConditions.COMPLETE) || JobConditions.isTrue(status, JobConditions.FAILED)) {
            Integer ttl = spec.getTtlSecondsAfterFinished();
            return ttl == null ? Result.done() : Result.after(Duration.ofSeconds(ttl));
        }
        return result;
    }

    /** Active pods after this pass's creations and deletions (which the cache does not show yet). */
    private int countActive(String key, List<Pod> owned, Set<String> deletedNow) {
        Set<String> names = new LinkedHashSet<>();
        owned.stream().filter(JobPods::active).filter(p -> !deletedNow.contains(p.getMetadata().getUid()))
                .forEach(p -> names.add(p.getMetadata().getName()));
        names.addAll(expectations.pendingCreations(key));
        return names.size();
    }

    private Result managePods(String key, Job job, List<Pod> owned, boolean indexed, int completions, int succeeded, BitSet completed,
                              List<Pod> active, Set<String> deleted, Instant now) {
        if (!expectations.creationsObserved(key, now)) {
            return Result.done(); // the pod events will bring the key back
        }
        int parallelism = zero(job.getSpec().getParallelism(), 1);
        List<Pod> excess = new ArrayList<>();
        List<Integer> toCreate = new ArrayList<>();
        if (indexed) {
            BitSet running = new BitSet();
            for (Pod pod : active.stream().sorted(Comparator.comparing((Pod p) -> !JobPods.ready(p))).toList()) {
                int index = JobPods.index(pod);
                if (index < 0 || index >= completions || completed.get(index) || running.get(index)) {
                    excess.add(pod);
                } else {
                    running.set(index);
                }
            }
            int over = running.cardinality() - parallelism;
            for (Pod pod : active.stream().sorted(Comparator.comparing(JobPods::index).reversed()).toList()) {
                if (over <= 0) {
                    break;
                }
                if (!excess.contains(pod)) {
                    excess.add(pod);
                    running.clear(JobPods.index(pod));
                    over--;
                }
            }
            toCreate.addAll(Parallelism.indexesToCreate(completions, parallelism, completed, running));
        } else {
            int want = Parallelism.wantActive(completions < 0 ? null : completions, parallelism, succeeded, active.size());
            if (active.size() > want) {
                // not-ready pods go first, then the newest
                excess.addAll(active.stream().sorted(Comparator.comparing(JobPods::ready)
                        .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()))
                        .limit(active.size() - want).toList());
            }
            for (int i = active.size(); i < want; i++) {
                toCreate.add(-1);
            }
        }
        deletePods(job, excess, deleted);
        if (toCreate.isEmpty()) {
            return Result.done();
        }
        Failures recent = failures.get(job.getMetadata().getUid());
        if (recent != null) {
            Duration wait = backoff.remaining(recent.inRow(), recent.last(), now);
            if (!wait.isNegative() && !wait.isZero()) {
                return Result.after(wait);
            }
        }
        for (int index : toCreate) {
            Pod created = createPod(job, index, index < 0 ? 0 : JobPods.failuresOfIndex(owned, index));
            if (created == null) {
                return Result.retry();
            }
            expectations.expectCreated(key, created.getMetadata().getName(), now);
            events.normal(job, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        }
        return Result.done();
    }

    private Pod createPod(Job job, int index, int indexFailures) {
        PodSpec spec = runtime.client().getKubernetesSerialization().clone(job.getSpec().getTemplate().getSpec());
        Pod pod = JobPodTemplate.podFor(job, spec, index, indexFailures);
        try {
            return runtime.client().pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            events.warning(job, "FailedCreate", "Error creating: " + e.getMessage());
            return null;
        }
    }

    private void deletePods(Job job, List<Pod> victims, Set<String> deletedNow) {
        for (Pod pod : victims) {
            try {
                runtime.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete();
                deletedNow.add(pod.getMetadata().getUid());
                events.normal(job, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Removes the tracking finalizer; a concurrent change to the pod's finalizers fails the patch and is retried. */
    private void removeFinalizer(Pod pod, Instant now) {
        List<String> current = pod.getMetadata().getFinalizers();
        List<String> rest = current.stream().filter(f -> !JobPods.TRACKING_FINALIZER.equals(f)).toList();
        var serialization = runtime.client().getKubernetesSerialization();
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":" + serialization.asJson(pod.getMetadata().getUid())
                + "},{\"op\":\"test\",\"path\":\"/metadata/finalizers\",\"value\":" + serialization.asJson(current)
                + "}," + (rest.isEmpty() ? "{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}"
                : "{\"op\":\"replace\",\"path\":\"/metadata/finalizers\",\"value\":" + serialization.asJson(rest) + "}") + "]";
        try {
            runtime.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), patch);
            expectations.expectFinalizerRemoved(pod.getMetadata().getUid(), now);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                expectations.expectFinalizerRemoved(pod.getMetadata().getUid(), now);
                return;
            }
            throw e; // the cache was stale: the reconcile is retried
        }
    }

    private Job writeStatus(Job job, JobStatus status) {
        Job next = runtime.client().getKubernetesSerialization().clone(job);
        next.setStatus(status);
        try {
            return runtime.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .resource(next).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private JobStatus copyStatus(JobStatus status) {
        return status == null ? new JobStatus() : runtime.client().getKubernetesSerialization().clone(status);
    }

    private static Result sooner(Result a, Result b) {
        if (b instanceof io.timonel.plugins.controllers.kit.Reconciler.Retry) {
            return b;
        }
        if (a instanceof io.timonel.plugins.controllers.kit.Reconciler.After x
                && b instanceof io.timonel.plugins.controllers.kit.Reconciler.After y) {
            return x.delay().compareTo(y.delay()) <= 0 ? a : b;
        }
        return a instanceof io.timonel.plugins.controllers.kit.Reconciler.After ? a : b;
    }

    private static String seconds(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    private static int zero(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
