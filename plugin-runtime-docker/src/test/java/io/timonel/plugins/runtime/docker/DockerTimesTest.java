package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerTimesTest {

    @Test
    void dockersZeroTimeMeansNever() {
        assertNull(DockerTimes.parse("0001-01-01T00:00:00Z"));
        assertNull(DockerTimes.parse(""));
        assertNull(DockerTimes.parse(null));
        assertNull(DockerTimes.parse("yesterday"));
    }

    @Test
    void timesKeepTheirNanosecondsAndOffsets() {
        assertEquals(Instant.parse("2026-11-24T01:02:03.123456789Z"), DockerTimes.parse("2026-11-24T01:02:03.123456789Z"));
        assertEquals(Instant.parse("2026-11-24T00:02:03Z"), DockerTimes.parse("2026-11-24T01:02:03+01:00"));
    }

    @Test
    void logTimestampsHaveNineFractionDigits() {
        assertEquals("2026-11-24T01:02:03.500000000Z", DockerTimes.format(Instant.parse("2026-11-24T01:02:03.5Z")));
    }

    @Test
    void sinceIsSecondsWithNanoseconds() {
        assertEquals("1795482123.000000042", DockerTimes.unixNanos(Instant.ofEpochSecond(1795482123, 42)));
    }
}
