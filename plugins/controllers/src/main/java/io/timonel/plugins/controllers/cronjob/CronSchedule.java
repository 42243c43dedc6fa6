package io.timonel.plugins.controllers.cronjob;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a CronJob fires: a standard five-field cron expression, a descriptor ({@code @hourly}...)
 * or {@code @every <duration>}, read as Kubernetes reads {@code spec.schedule} (robfig/cron's
 * standard parser). Immutable and thread-safe.
 */
public interface CronSchedule {

    /**
     * The first activation strictly after {@code after}, in {@code after}'s zone; empty when the
     * schedule never fires again (e.g. {@code 0 0 30 2 *}).
     */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /** The zone a {@code CRON_TZ=} or {@code TZ=} prefix named, if the expression had one. */
    default Optional<ZoneId> zone() {
        return Optional.empty();
    }

    /**
     * Parses {@code expression}.
     *
     * @return the schedule, or the reason it is not one, as Kubernetes' events word it
     */
    static Parsed parse(String expression) {
        return CronParser.parse(expression);
    }

    /** A parse outcome: exactly one of {@code schedule} and {@code error} is set. */
    record Parsed(CronSchedule schedule, String error) {
        static Parsed ok(CronSchedule schedule) {
            return new Parsed(schedule, null);
        }

        static Parsed invalid(String error) {
            return new Parsed(null, error);
        }

        public boolean valid() {
            return schedule != null;
        }
    }
}
