package io.timonel.plugins.controllers.cronjob;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code @every <duration>}: a fixed delay from the given time, in whole seconds (at least one),
 * as robfig/cron's constant-delay schedule.
 */
record EverySchedule(Duration delay, ZoneId zoneOverride) implements CronSchedule {

    EverySchedule {
        long seconds = Math.max(1, delay.getSeconds());
        delay = Duration.ofSeconds(seconds);
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(delay));
    }

    @Override
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zoneOverride);
    }
}
