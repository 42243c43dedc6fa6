package io.timonel.plugins.controllers.kit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration settings written as Kubernetes' flags write them ({@code 40s}, {@code 5m},
 * {@code 1m30s}, {@code 500ms}, {@code 2h}); a bare number is seconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** The setting {@code key} of {@code settings}, or {@code fallback} when unset or malformed. */
    public static Duration setting(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : parse(value.trim()).orElse(fallback);
    }

    /**
     * Parses Go's duration syntax ({@code 1h30m}, {@code 1.5h}, {@code 500ms}, {@code 10us}); a
     * bare integer is seconds, as flags take it. Empty when {@code text} is not a duration.
     */
    public static java.util.Optional<Duration> parse(String text) {
        if (text.matches("\\d+")) {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        Matcher m = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return java.util.Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            at = m.end();
        }
        return at == 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(nanos.longValue()));
    }
}
