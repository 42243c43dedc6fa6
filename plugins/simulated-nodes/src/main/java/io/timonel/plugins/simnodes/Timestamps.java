package io.timonel.plugins.simnodes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes' two time formats on the wire: {@code Time} (seconds) and {@code MicroTime}. */
final class Timestamps {
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** RFC 3339 to the second, e.g. {@code 2026-11-23T22:30:28Z}. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** RFC 3339 to the microsecond, as Lease renewTime is written. */
    static String microTime(Instant instant) {
        return MICRO.format(instant);
    }
}
