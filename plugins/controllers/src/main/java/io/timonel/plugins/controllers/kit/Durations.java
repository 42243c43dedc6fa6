package io.timonel.plugins.controllers.kit;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration settings written as Kubernetes' flags write them ({@code 40s}, {@code 5m},
 * {@code 1m30s}, {@code 500ms}, {@code 2h}); a bare number is seconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** The setting {@code key} of {@code settings}, or {@code fallback} when unset or malformed. */
    public static Duration setting(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : parse(value.trim()).orElse(fallback);
    }

    /** Parses a Go-style duration; null when it is not one. */
    public static java.util.Optional<Duration> parse(String text) {
        if (text.matches("\\d+")) {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        Matcher m = PART.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return java.util.Optional.empty();
            }
            double amount = Double.parseDouble(m.group(1));
            millis += (long) (amount * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            });
            end = m.end();
        }
        return end == text.length() && end > 0 ? java.util.Optional.of(Duration.ofMillis(millis))
                : java.util.Optional.empty();
    }
}
