package io.timonel.plugins.controllers.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CronJob controller: at each activation of {@code spec.schedule} (in {@code spec.timeZone},
 * else UTC) it creates the Job {@code <cronjob>-<minutes since the epoch>} from the job template,
 * honouring {@code concurrencyPolicy}, {@code startingDeadlineSeconds} and {@code suspend};
 * it keeps {@code status.active}, {@code lastScheduleTime} and {@code lastSuccessfulTime}, and
 * deletes finished jobs beyond the history limits. A reconcile asks to run again exactly at the
 * next activation.
 */
public final class CronJobLoop implements ControlLoop {
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final String JOB_INDEX = "cronjob-controller:cronjob";

    private ControllerRuntime runtime;
    private SharedIndexInformer<CronJob> cronJobs;
    private SharedIndexInformer<Job> jobs;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventRecorder events;

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        events = runtime.events("cronjob-controller");
        cronJobs = runtime.informers().of(CronJob.class);
        jobs = runtime.informers().of(Job.class);
        jobs.addIndexers(Map.of(JOB_INDEX, job -> Owners.controllerOf(job)
                .filter(ref -> "CronJob".equals(ref.getKind()))
                .map(ref -> List.of(Keys.of(job.getMetadata().getNamespace(), ref.getName())))
                .orElse(List.of())));
        cronJobs.addEventHandler(Handlers.enqueue(queue));
        jobs.addEventHandler(Handlers.enqueueController(queue, "CronJob"));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    @Override
    public void run() {
        loop.start(Math.max(1, runtime.intSetting("cronjob-workers", 2)));
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    Result reconcile(String key) {
        CronJob cronJob = cronJobs.getStore().getByKey(key);
        if (cronJob == null || cronJob.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        Instant now = runtime.clock().instant();
        String uid = cronJob.getMetadata().getUid();
        List<Job> children = jobs.getIndexer().byIndex(JOB_INDEX, key).stream()
                .filter(j -> Owners.isControlledBy(j, uid)).toList();
        CronJobStatus status = cronJob.getStatus() == null ? new CronJobStatus()
                : runtime.client().getKubernetesSerialization().clone(cronJob.getStatus());
        CronJobStatus before = runtime.client().getKubernetesSerialization().clone(status);

        trackChildren(cronJob, children, status);
        removeOldJobs(cronJob, children);

        Result result = schedule(cronJob, children, status, now);
        if (result instanceof io.timonel.plugins.controllers.kit.Reconciler.Retry) {
            return result;
        }
        if (!Objects.equals(normalise(status), normalise(before)) && !writeStatus(cronJob, status)) {
            return Result.retry();
        }
        return result;
    }

    /** {@code status.active} lists exactly the unfinished jobs; finished ones update lastSuccessfulTime. */
    private void trackChildren(CronJob cronJob, List<Job> children, CronJobStatus status) {
        List<ObjectReference> active = status.getActive() == null ? new ArrayList<>() : new ArrayList<>(status.getActive());
        for (Job job : children) {
            Optional<JobCondition> finished = finishedCondition(job);
            boolean listed = active.stream().anyMatch(r -> job.getMetadata().getUid().equals(r.getUid()));
            if (finished.isEmpty() && !listed) {
                if (scheduledByUs(job) && job.getMetadata().getDeletionTimestamp() == null) {
                    active.add(reference(job)); // the status write after its creation was lost
                } else {
                    // Kubernetes lists only the jobs it scheduled (kubectl create job --from is not one)
                    events.warning(cronJob, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "
                            + job.getMetadata().getName());
                }
            } else if (finished.isPresent() && listed) {
                active.removeIf(r -> job.getMetadata().getUid().equals(r.getUid()));
                events.normal(cronJob, "SawCompletedJob", "Saw completed job: " + job.getMetadata().getName()
                        + ", condition: " + finished.get().getType());
            }
            if (finished.isPresent() && "Complete".equals(finished.get().getType()) && job.getStatus() != null
                    && job.getStatus().getCompletionTime() != null) {
                Instant completed = Instant.parse(job.getStatus().getCompletionTime());
                if (status.getLastSuccessfulTime() == null || Instant.parse(status.getLastSuccessfulTime()).isBefore(completed)) {
                    status.setLastSuccessfulTime(completed.toString());
                }
            }
        }
        // a listed job missing from the cache may be new or gone: the API decides
        for (ObjectReference ref : List.copyOf(active)) {
            if (children.stream().noneMatch(j -> j.getMetadata().getUid().equals(ref.getUid()))) {
                Job live = runtime.client().batch().v1().jobs().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
                if (live == null || !live.getMetadata().getUid().equals(ref.getUid())) {
                    active.remove(ref);
                    events.normal(cronJob, "MissingJob", "Active job went missing: " + ref.getName());
                }
            }
        }
        status.setActive(active.isEmpty() ? null : active);
    }

    private static boolean scheduledByUs(Job job) {
        return job.getMetadata().getAnnotations() != null
                && job.getMetadata().getAnnotations().containsKey(SCHEDULED_TIMESTAMP);
    }

    /** Deletes the oldest finished jobs beyond {@code successfulJobsHistoryLimit} and {@code failedJobsHistoryLimit}. */
    private void removeOldJobs(CronJob cronJob, List<Job> children) {
        prune(cronJob, children, "Complete", cronJob.getSpec().getSuccessfulJobsHistoryLimit());
        prune(cronJob, children, "Failed", cronJob.getSpec().getFailedJobsHistoryLimit());
    }

    private void prune(CronJob cronJob, List<Job> children, String outcome, Integer limit) {
        if (limit == null) {
            return;
        }
        List<Job> finished = children.stream()
                .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .filter(j -> finishedCondition(j).map(c -> outcome.equals(c.getType())).orElse(false))
                .sorted(Comparator.comparing(CronJobLoop::startedAt)).toList();
        for (int i = 0; i < finished.size() - limit; i++) {
            Job job = finished.get(i);
            try {
                runtime.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                events.normal(cronJob, "SuccessfulDelete", "Deleted job " + job.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    private static Instant startedAt(Job job) {
        if (job.getStatus() != null && job.getStatus().getStartTime() != null) {
            return Instant.parse(job.getStatus().getStartTime());
        }
        return job.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
                : Instant.parse(job.getMetadata().getCreationTimestamp());
    }

    private Result schedule(CronJob cronJob, List<Job> children, CronJobStatus status, Instant now) {
        Instant created = cronJob.getMetadata().getCreationTimestamp() == null ? now
                : Instant.parse(cronJob.getMetadata().getCreationTimestamp());
        Instant last = status.getLastScheduleTime() == null ? null : Instant.parse(status.getLastScheduleTime());
        List<ObjectReference> active = status.getActive() == null ? new ArrayList<>() : new ArrayList<>(status.getActive());
        SchedulePlan plan = SchedulePlan.decide(cronJob.getMetadata().getName(), cronJob.getSpec(), created, last,
                active, children.stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet()), now);
        for (SchedulePlan.Event event : plan.events()) {
            if ("Warning".equals(event.type())) {
                events.warning(cronJob, event.reason(), event.message());
            } else {
                events.normal(cronJob, event.reason(), event.message());
            }
        }
        Result next = plan.requeue().map(Result::after).orElse(Result.done());
        for (ObjectReference ref : plan.replace()) {
            try {
                runtime.client().batch().v1().jobs().inNamespace(ref.getNamespace()).withName(ref.getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                events.normal(cronJob, "SuccessfulDelete", "Deleted job " + ref.getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    return Result.retry();
                }
            }
            active.remove(ref);
        }
        if (plan.start().isPresent()) {
            SchedulePlan.Activation activation = plan.start().get();
            Job job = jobFor(cronJob, activation.jobName(), activation.scheduled().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            try {
                Job createdJob = runtime.client().batch().v1().jobs().inNamespace(cronJob.getMetadata().getNamespace())
                        .resource(job).create();
                events.normal(cronJob, "SuccessfulCreate", "Created job " + activation.jobName());
                active.add(reference(createdJob));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(cronJob, "FailedCreate", "Error creating job: " + e.getMessage());
                    return Result.retry();
                }
                // made by an earlier pass whose status write was lost: the job informer brings it back
            }
        }
        status.setActive(active.isEmpty() ? null : active);
        plan.lastScheduleTime().ifPresent(t -> status.setLastScheduleTime(t.toString()));
        return next;
    }

    /** The Job of one activation: the template's metadata and spec, owned by the CronJob. */
    private Job jobFor(CronJob cronJob, String name, String scheduledTimestamp) {
        var template = cronJob.getSpec().getJobTemplate();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(cronJob.getMetadata().getNamespace());
        if (template.getMetadata() != null) {
            meta.setLabels(template.getMetadata().getLabels() == null ? null : new LinkedHashMap<>(template.getMetadata().getLabels()));
            if (template.getMetadata().getAnnotations() != null) {
                meta.setAnnotations(new LinkedHashMap<>(template.getMetadata().getAnnotations()));
            }
        }
        Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>() : meta.getAnnotations();
        annotations.put(SCHEDULED_TIMESTAMP, scheduledTimestamp);
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(List.of(Owners.controllerRef(cronJob)));
        Job job = new Job();
        job.setMetadata(meta);
        job.setSpec(runtime.client().getKubernetesSerialization().clone(template.getSpec()));
        return job;
    }

    private static Optional<JobCondition> finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion()).build();
    }

    /** Status compared without the resource versions of active references, which change with every job write. */
    private CronJobStatus normalise(CronJobStatus status) {
        CronJobStatus copy = runtime.client().getKubernetesSerialization().clone(status);
        if (copy.getActive() != null) {
            copy.getActive().forEach(r -> r.setResourceVersion(null));
        }
        return copy;
    }

    private boolean writeStatus(CronJob cronJob, CronJobStatus status) {
        CronJob next = runtime.client().getKubernetesSerialization().clone(cronJob);
        next.setStatus(status);
        try {
            runtime.client().batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace())
                    .resource(next).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }
}
