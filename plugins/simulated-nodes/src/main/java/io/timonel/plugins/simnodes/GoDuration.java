package io.timonel.plugins.simnodes;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Kubernetes and Go write them ({@code 10s}, {@code 1m30s}, {@code 500ms},
 * {@code 1.5h}, {@code 0}), the form every Kubernetes configuration file uses.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * The duration {@code text} denotes.
     *
     * @throws IllegalArgumentException when it is not a non-negative Go duration
     */
    static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            nanos += amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))).longValueExact();
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("not a duration (like 10s, 1m30s, 500ms): '" + text + "'");
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L; // h
        };
    }
}
