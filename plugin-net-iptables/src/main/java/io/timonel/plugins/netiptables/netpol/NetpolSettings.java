package io.timonel.plugins.netiptables.netpol;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The component's settings, {@code controllers.network-policy.<key>}:
 * <ul>
 *   <li>{@code denyAction}: {@code DROP} (default) or {@code REJECT}, see {@link DenyAction};</li>
 *   <li>{@code allowNodeTraffic}: {@code true} (default) lets the node itself reach its pods whatever
 *       their ingress policies say (Kubernetes: traffic from a pod's node is always allowed);</li>
 *   <li>{@code syncDelay}: how long a change waits so that a burst of changes is one transaction (100ms);</li>
 *   <li>{@code resyncInterval}: how often the table is reread and rewritten whole (1m);</li>
 *   <li>{@code retryInterval}: how soon a failed sync is retried (2s).</li>
 * </ul>
 * Durations are written {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}).
 */
record NetpolSettings(DenyAction denyAction, boolean allowNodeTraffic, Duration syncDelay, Duration resyncInterval,
                      Duration retryInterval) {

    static NetpolSettings from(Map<String, String> config) {
        String deny = config.getOrDefault("denyAction", "DROP").trim().toUpperCase(Locale.ROOT);
        DenyAction action;
        try {
            action = DenyAction.valueOf(deny);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("controllers.network-policy.denyAction must be DROP or REJECT, not " + deny);
        }
        return new NetpolSettings(action,
                !"false".equalsIgnoreCase(config.getOrDefault("allowNodeTraffic", "true").trim()),
                duration(config, "syncDelay", Duration.ofMillis(100)),
                duration(config, "resyncInterval", Duration.ofMinutes(1)),
                duration(config, "retryInterval", Duration.ofSeconds(2)));
    }

    private static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(s);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("controllers.network-policy." + key + " is not a duration: " + v);
        }
    }
}
