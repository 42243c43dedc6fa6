package io.timonel.plugins.controllers.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MissedSchedulesTest {
    private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *").schedule();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            nothing due yet                     | -                    | 10:00:10 | -   | 10:00:50 | -        | 0
            first run after creation            | -                    | 10:00:10 | -   | 10:01:05 | 10:01:00 | 1
            already ran this minute             | 10:01:00             | 10:00:10 | -   | 10:01:30 | -        | 0
            several missed: most recent runs    | 10:01:00             | 10:00:10 | -   | 10:05:30 | 10:05:00 | 4
            deadline narrows the window         | 10:01:00             | 10:00:10 | 90  | 10:05:30 | 10:05:00 | 1
            deadline passed for every run       | 10:01:00             | 10:00:10 | 20  | 10:05:30 | -        | 0
            many missed are counted             | -                    | 08:00:00 | -   | 10:00:00 | 10:00:00 | 120
            """)
    void mostRecentActivation(String name, String last, String created, Long deadline, String now,
                              String expected, long missed) {
        MissedSchedules result = MissedSchedules.between(EVERY_MINUTE, ZoneOffset.UTC, at(last), at(created),
                deadline, at(now));
        assertEquals(Optional.ofNullable(at(expected)), result.mostRecent());
        assertEquals(missed, result.missed());
    }

    private static Instant at(String time) {
        return time == null ? null : Instant.parse("2026-11-23T" + time + "Z");
    }
}
