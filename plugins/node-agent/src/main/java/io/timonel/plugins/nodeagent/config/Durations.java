package io.timonel.plugins.nodeagent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations in settings ({@code 10s}, {@code 500ms}, {@code 1m30s}, {@code 2h}). */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code text}; a bare number means seconds.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != t.length() || t.isEmpty()) {
            throw new IllegalArgumentException("not a duration (like 10s, 500ms, 1m): " + text);
        }
        return total;
    }
}
