package io.timonel.plugins.controllers.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *         | 2026-11-23T10:00:00Z | 2026-11-23T10:01:00Z
            * * * * *         | 2026-11-23T10:00:30Z | 2026-11-23T10:01:00Z
            */15 * * * *      | 2026-11-23T10:14:59Z | 2026-11-23T10:15:00Z
            5 4 * * *         | 2026-11-23T04:05:00Z | 2026-11-24T04:05:00Z
            0 0 1 1 *         | 2026-11-23T00:00:00Z | 2027-01-01T00:00:00Z
            @yearly           | 2026-11-23T00:00:00Z | 2027-01-01T00:00:00Z
            @annually         | 2026-11-23T00:00:00Z | 2027-01-01T00:00:00Z
            @monthly          | 2026-11-23T00:00:00Z | 2026-12-01T00:00:00Z
            @weekly           | 2026-11-23T00:00:00Z | 2026-11-29T00:00:00Z
            @daily            | 2026-11-23T10:00:00Z | 2026-11-24T00:00:00Z
            @midnight         | 2026-11-23T10:00:00Z | 2026-11-24T00:00:00Z
            @hourly           | 2026-11-23T10:00:00Z | 2026-11-23T11:00:00Z
            @every 90s        | 2026-11-23T10:00:00.5Z | 2026-11-23T10:01:30Z
            @every 1h30m      | 2026-11-23T10:00:00Z | 2026-11-23T11:30:00Z
            0 9 * * mon-fri   | 2026-11-27T09:00:00Z | 2026-11-30T09:00:00Z
            0 9 * * MON,WED   | 2026-11-23T09:00:00Z | 2026-11-25T09:00:00Z
            0 0 * JAN-MAR *   | 2026-11-23T00:00:00Z | 2027-01-01T00:00:00Z
            0 0 1,15 * *      | 2026-11-02T00:00:00Z | 2026-11-15T00:00:00Z
            0 0 13 * 5        | 2026-11-01T00:00:00Z | 2026-11-06T00:00:00Z
            0 0 13 * *        | 2026-11-01T00:00:00Z | 2026-11-13T00:00:00Z
            0 0 */10 * *      | 2026-11-02T00:00:00Z | 2026-11-11T00:00:00Z
            0 0 29 2 *        | 2026-11-23T00:00:00Z | 2028-02-29T00:00:00Z
            30 1-3/2 * * *    | 2026-11-23T01:30:00Z | 2026-11-23T03:30:00Z
            5/20 * * * *      | 2026-11-23T10:06:00Z | 2026-11-23T10:25:00Z
            0 0 ? * 0         | 2026-11-23T00:00:00Z | 2026-11-29T00:00:00Z
            """)
    void nextActivation(String expression, String after, String expected) {
        CronSchedule.Parsed parsed = CronSchedule.parse(expression);
        assertTrue(parsed.valid(), parsed.error());
        assertEquals(Optional.of(ZonedDateTime.parse(expected)), parsed.schedule().next(ZonedDateTime.parse(after))
                .map(t -> t.withZoneSameInstant(ZonedDateTime.parse(expected).getZone())));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * *           | expected exactly 5 fields, found 4: * * * *
            * * * * * *       | expected exactly 5 fields, found 6: * * * * * *
            60 * * * *        | end of range (60) above maximum (59): 60
            * 24 * * *        | end of range (24) above maximum (23): 24
            * * 0 * *         | beginning of range (0) below minimum (1): 0
            * * * 13 *        | end of range (13) above maximum (12): 13
            * * * * 7         | end of range (7) above maximum (6): 7
            5-1 * * * *       | beginning of range (5) beyond end of range (1): 5-1
            */0 * * * *       | step of range should be a positive number: */0
            x * * * *         | failed to parse int from x: invalid syntax
            @fortnightly      | unrecognized descriptor: @fortnightly
            @every soon       | failed to parse duration @every soon
            CRON_TZ=Mars/Base * * * * * | provided bad location Mars/Base: unknown time zone Mars/Base
            """)
    void invalidExpressions(String expression, String error) {
        CronSchedule.Parsed parsed = CronSchedule.parse(expression);
        assertFalse(parsed.valid());
        assertEquals(error, parsed.error());
    }

    @Test
    void scheduleIsReadInTheGivenZone() {
        CronSchedule daily = CronSchedule.parse("0 9 * * *").schedule();
        ZonedDateTime after = ZonedDateTime.parse("2026-11-23T10:00:00Z").withZoneSameInstant(ZoneId.of("Asia/Tokyo"));
        assertEquals(ZonedDateTime.parse("2026-11-24T00:00:00Z").toInstant(), daily.next(after).get().toInstant());
    }

    @Test
    void aSkippedWallClockHourStillFiresAfterTheGap() {
        // 2026-03-29 02:30 does not exist in Berlin: the clocks jump from 02:00 to 03:00
        CronSchedule schedule = CronSchedule.parse("30 2 * * *").schedule();
        ZonedDateTime after = ZonedDateTime.parse("2026-03-29T00:00:00+01:00[Europe/Berlin]");
        assertEquals(ZonedDateTime.parse("2026-03-29T03:30:00+02:00[Europe/Berlin]"), schedule.next(after).get());
    }

    @Test
    void cronTzPrefixNamesTheZone() {
        CronSchedule.Parsed parsed = CronSchedule.parse("CRON_TZ=Europe/Paris 0 6 * * *");
        assertEquals(Optional.of(ZoneId.of("Europe/Paris")), parsed.schedule().zone());
    }

    @Test
    void impossibleDateNeverFires() {
        assertEquals(Optional.empty(), CronSchedule.parse("0 0 30 2 *").schedule()
                .next(ZonedDateTime.parse("2026-11-23T00:00:00Z")));
    }
}
