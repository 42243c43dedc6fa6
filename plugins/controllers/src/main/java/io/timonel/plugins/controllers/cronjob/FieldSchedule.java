package io.timonel.plugins.controllers.cronjob;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A five-field schedule. Day of month and day of week combine as in cron: when either is a bare
 * {@code *}, both must match; otherwise either may.
 */
final class FieldSchedule implements CronSchedule {
    /** Beyond this, a schedule is taken never to fire (robfig/cron gives up after five years too). */
    private static final int YEARS_AHEAD = 5;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayStar;
    private final ZoneId zone;

    FieldSchedule(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                  boolean dayStar, ZoneId zone) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.dayStar = dayStar;
        this.zone = zone;
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZoneId in = after.getZone();
        // walk wall-clock time: schedules are written in local time
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(YEARS_AHEAD);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                ZonedDateTime candidate = ZonedDateTime.ofLocal(t, in, null);
                if (candidate.isAfter(after)) {
                    return Optional.of(candidate);
                }
                t = t.plusMinutes(1); // a repeated wall-clock hour (DST end) fires once
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        return dayStar ? dom && dow : dom || dow;
    }

    @Override
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }
}
