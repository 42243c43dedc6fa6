package io.timonel.plugins.controllers.cronjob;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Which scheduled time a CronJob should run now, as the Kubernetes controller decides: the most
 * recent activation in {@code (earliest, now]}, where {@code earliest} is the last schedule time
 * (else the creation time), moved up to {@code now - startingDeadlineSeconds} when that is later.
 *
 * @param mostRecent the activation to run now, if any
 * @param missed     how many activations fell in the window (more than 100 earns a warning)
 */
record MissedSchedules(Optional<Instant> mostRecent, long missed) {
    /** Counting stops here: the window is only walked to find the most recent time. */
    static final long TOO_MANY = 100;
    private static final long WALK_LIMIT = 1_000_000;

    static MissedSchedules between(CronSchedule schedule, ZoneId zone, Instant lastSchedule, Instant created,
                                   Long startingDeadlineSeconds, Instant now) {
        Instant earliest = lastSchedule != null ? lastSchedule : created;
        if (startingDeadlineSeconds != null) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds);
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        Instant recent = null;
        long missed = 0;
        ZonedDateTime t = earliest.atZone(zone);
        for (long i = 0; i < WALK_LIMIT; i++) {
            Optional<ZonedDateTime> next = schedule.next(t);
            if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
                break;
            }
            t = next.get();
            recent = t.toInstant();
            missed++;
        }
        return new MissedSchedules(Optional.ofNullable(recent), missed);
    }

    /** The first activation after {@code now}, if the schedule fires again. */
    static Optional<Instant> nextAfter(CronSchedule schedule, ZoneId zone, Instant now) {
        return schedule.next(now.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
