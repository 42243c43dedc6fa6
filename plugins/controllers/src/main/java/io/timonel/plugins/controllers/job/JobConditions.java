package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The conditions of {@code status.conditions} the job controller sets, and reading them. */
final class JobConditions {
    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUSPENDED = "Suspended";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String FAILURE_TARGET = "FailureTarget";

    private JobConditions() {
    }

    static Optional<JobCondition> find(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(JobStatus status, String type) {
        return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Complete or Failed: the job will not run pods again. */
    static boolean finished(Job job) {
        return isTrue(job.getStatus(), COMPLETE) || isTrue(job.getStatus(), FAILED);
    }

    /**
     * Sets a condition; the transition time only moves when the status changes.
     *
     * @return whether anything changed
     */
    static boolean set(JobStatus status, String type, String value, String reason, String message, Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // metav1.Time has whole seconds
        List<JobCondition> conditions = status.getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(status.getConditions());
        for (int i = 0; i < conditions.size(); i++) {
            JobCondition c = conditions.get(i);
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus()) && equal(reason, c.getReason()) && equal(message, c.getMessage())) {
                    return false;
                }
                String transition = value.equals(c.getStatus()) ? c.getLastTransitionTime() : now.toString();
                conditions.set(i, new JobConditionBuilder(c).withStatus(value).withReason(reason).withMessage(message)
                        .withLastProbeTime(now.toString()).withLastTransitionTime(transition).build());
                status.setConditions(conditions);
                return true;
            }
        }
        conditions.add(new JobConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastProbeTime(now.toString()).withLastTransitionTime(now.toString()).build());
        status.setConditions(conditions);
        return true;
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** When the job finished: its completion time, else when its terminal condition became true. */
    static Optional<Instant> finishedAt(Job job) {
        JobStatus status = job.getStatus();
        if (status != null && status.getCompletionTime() != null) {
            return Optional.of(Instant.parse(status.getCompletionTime()));
        }
        return find(status, COMPLETE).filter(c -> "True".equals(c.getStatus()))
                .or(() -> find(status, FAILED).filter(c -> "True".equals(c.getStatus())))
                .map(c -> c.getLastTransitionTime() == null ? null : Instant.parse(c.getLastTransitionTime()));
    }
}
