package io.timonel.plugins.nodeagent.streaming;

import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.LogOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A container log request as the kubelet takes it: {@code follow}, {@code previous},
 * {@code timestamps}, {@code tailLines}, {@code limitBytes}, {@code sinceSeconds} or
 * {@code sinceTime} (RFC 3339), validated as Kubernetes validates PodLogOptions.
 */
public record LogRequest(LogOptions options, boolean previous) {

    public static Outcome<LogRequest> parse(Map<String, List<String>> query, Clock clock) {
        boolean follow = flag(query, "follow");
        boolean previous = flag(query, "previous");
        boolean timestamps = flag(query, "timestamps");
        long tail;
        long limit;
        long sinceSeconds;
        try {
            tail = number(query, "tailLines", -1);
            limit = number(query, "limitBytes", -1);
            sinceSeconds = number(query, "sinceSeconds", -1);
        } catch (NumberFormatException e) {
            return Outcome.failed("BadRequest", e.getMessage());
        }
        if (query.containsKey("tailLines") && tail < 0) {
            return Outcome.failed("BadRequest", "tailLines: Invalid value: " + tail + ": must be greater than or equal to 0");
        }
        if (query.containsKey("limitBytes") && limit < 1) {
            return Outcome.failed("BadRequest", "limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        if (query.containsKey("sinceSeconds") && sinceSeconds < 1) {
            return Outcome.failed("BadRequest", "sinceSeconds: Invalid value: " + sinceSeconds + ": must be greater than 0");
        }
        String sinceTime = first(query, "sinceTime");
        if (sinceTime != null && query.containsKey("sinceSeconds")) {
            return Outcome.failed("BadRequest", "at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        Instant since = null;
        if (sinceSeconds > 0) {
            since = clock.instant().minusSeconds(sinceSeconds);
        } else if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                since = OffsetDateTime.parse(sinceTime).toInstant();
            } catch (DateTimeParseException e) {
                return Outcome.failed("BadRequest", "sinceTime: Invalid value: \"" + sinceTime + "\": not an RFC 3339 time");
            }
        }
        return Outcome.of(new LogRequest(new LogOptions(follow, tail, since, limit, timestamps), previous));
    }

    private static long number(Map<String, List<String>> query, String name, long absent) {
        String v = first(query, name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(name + ": Invalid value: \"" + v + "\": not an integer");
        }
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
