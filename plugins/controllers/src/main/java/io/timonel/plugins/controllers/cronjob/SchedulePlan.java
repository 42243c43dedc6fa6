package io.timonel.plugins.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a CronJob should do at {@code now}, decided from its spec and status alone, so that the
 * scheduling rules are tested with a fixed clock: which job to start (if any), which active jobs
 * to replace, which events to record, the new {@code lastScheduleTime}, and when to look again.
 *
 * @param start           the activation to start a job for, if one is due
 * @param replace         active jobs to delete first ({@code concurrencyPolicy: Replace})
 * @param events          events to record
 * @param lastScheduleTime the new {@code status.lastScheduleTime}, if it moves
 * @param requeue         when to reconcile again without an event (the next activation)
 */
record SchedulePlan(Optional<Activation> start, List<ObjectReference> replace, List<Event> events,
                    Optional<Instant> lastScheduleTime, Optional<Duration> requeue) {

    /** A job to create: its name and the scheduled time, written in the schedule's zone. */
    record Activation(String jobName, ZonedDateTime scheduled) {
    }

    /** An event about the CronJob. */
    record Event(String type, String reason, String message) {
    }

    static SchedulePlan decide(String cronJobName, CronJobSpec spec, Instant created, Instant lastSchedule,
                               List<ObjectReference> active, Set<String> childNames, Instant now) {
        List<Event> events = new ArrayList<>();
        CronSchedule.Parsed parsed = CronSchedule.parse(spec.getSchedule());
        if (!parsed.valid()) {
            events.add(new Event("Warning", "UnparseableSchedule", "unparseable schedule: \"" + spec.getSchedule()
                    + "\" : " + parsed.error()));
            return idle(events, Optional.empty());
        }
        ZoneId zone = ZoneOffset.UTC;
        if (spec.getTimeZone() != null) {
            try {
                zone = ZoneId.of(spec.getTimeZone());
            } catch (DateTimeException e) {
                events.add(new Event("Warning", "UnknownTimeZone", "invalid timeZone: \"" + spec.getTimeZone()
                        + "\": " + e.getMessage()));
                return idle(events, Optional.empty());
            }
        } else if (parsed.schedule().zone().isPresent()) {
            zone = parsed.schedule().zone().get();
        }
        if (Boolean.TRUE.equals(spec.getSuspend())) {
            return idle(events, Optional.empty());
        }
        CronSchedule schedule = parsed.schedule();
        MissedSchedules missed = MissedSchedules.between(schedule, zone, lastSchedule, created,
                spec.getStartingDeadlineSeconds(), now);
        Optional<Duration> requeue = MissedSchedules.nextAfter(schedule, zone, now).map(t -> Duration.between(now, t));
        if (missed.missed() > MissedSchedules.TOO_MANY) {
            events.add(new Event("Warning", "TooManyMissedTimes", "too many missed start times: " + missed.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
        }
        if (missed.mostRecent().isEmpty()) {
            return idle(events, requeue);
        }
        Instant scheduled = missed.mostRecent().get().truncatedTo(ChronoUnit.SECONDS);
        String name = jobName(cronJobName, scheduled);
        if (childNames.contains(name) || active.stream().anyMatch(r -> name.equals(r.getName()))) {
            // started by an earlier pass whose status write was lost
            Optional<Instant> moved = lastSchedule == null || lastSchedule.isBefore(scheduled)
                    ? Optional.of(scheduled) : Optional.empty();
            return new SchedulePlan(Optional.empty(), List.of(), events, moved, requeue);
        }
        String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !active.isEmpty()) {
            events.add(new Event("Normal", "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid"));
            return idle(events, requeue);
        }
        List<ObjectReference> replace = "Replace".equals(policy) ? List.copyOf(active) : List.of();
        return new SchedulePlan(Optional.of(new Activation(name, scheduled.atZone(zone))), replace, events,
                Optional.of(scheduled), requeue);
    }

    /** {@code <cronjob>-<scheduled time in minutes since the epoch>}, as Kubernetes names them. */
    static String jobName(String cronJobName, Instant scheduled) {
        return cronJobName + "-" + scheduled.getEpochSecond() / 60;
    }

    private static SchedulePlan idle(List<Event> events, Optional<Duration> requeue) {
        return new SchedulePlan(Optional.empty(), List.of(), events, Optional.empty(), requeue);
    }
}
