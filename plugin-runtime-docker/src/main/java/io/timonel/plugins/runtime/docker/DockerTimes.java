package io.timonel.plugins.runtime.docker;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Docker's RFC 3339 times, and its zero time ({@code 0001-01-01T00:00:00Z}) meaning "never". */
final class DockerTimes {
    /** RFC 3339 with nine fraction digits, as Kubernetes prints log timestamps. */
    static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private DockerTimes() {
    }

    /** The instant, or null for null, blank, unparseable or Docker's zero time (any year before 1970). */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            return t.isBefore(Instant.EPOCH) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code since} as Docker's logs endpoint takes it: seconds since the epoch with nine fraction digits. */
    static String unixNanos(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    static String format(Instant t) {
        return RFC3339_NANO.format(t);
    }
}
