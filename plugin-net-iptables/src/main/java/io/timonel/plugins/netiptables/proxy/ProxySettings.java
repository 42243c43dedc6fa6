package io.timonel.plugins.netiptables.proxy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Service proxy's settings ({@code controllers.service-proxy.*}).
 *
 * @param clusterCidr       {@code clusterCidr}: the pod network, default {@code 10.42.0.0/16}
 * @param nodePortAddresses {@code nodePortAddresses}: comma-separated addresses or CIDRs node ports
 *                          answer on; default (empty) every address of the node but loopback
 * @param syncPeriod        {@code syncPeriod}: how often a full sync rewrites everything, default 5m
 * @param minSyncInterval   {@code minSyncInterval}: the least time between two syncs (changes arriving
 *                          meanwhile are applied together), default 200ms
 * @param netns             {@code netns}: a named network namespace to program instead of the process's
 *                          own (tests); default none
 * @param mode              {@code mode}: the data plane, {@code iptables} (default) or {@code nftables}
 * @param localhostNodePorts {@code localhostNodePorts}: whether node ports also answer on 127.0.0.1 when
 *                          they answer on every address (iptables mode only, as kube-proxy's); default true
 */
public record ProxySettings(String clusterCidr, List<String> nodePortAddresses, Duration syncPeriod,
                            Duration minSyncInterval, String netns, Mode mode, boolean localhostNodePorts) {

    /** The data plane the proxy programs. */
    public enum Mode {
        /** Chains in iptables' nat and filter tables, written with iptables-restore ({@link ProxySync}). */
        IPTABLES,
        /** One nftables table {@code ip timonel} with verdict maps, written with {@code nft -f} (recommended). */
        NFTABLES;

        /** {@code iptables} or {@code nftables} (case-insensitive); anything else fails naming the setting. */
        public static Mode parse(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "", "iptables" -> IPTABLES;
                case "nftables", "nft" -> NFTABLES;
                default -> throw new IllegalArgumentException("setting mode: not iptables or nftables: " + value);
            };
        }
    }

    /** Reads the settings; unknown keys are ignored, malformed durations fail with the key named. */
    public static ProxySettings from(Map<String, String> config) {
        String nodePorts = config.getOrDefault("nodePortAddresses", "").strip();
        return new ProxySettings(config.getOrDefault("clusterCidr", "10.42.0.0/16").strip(),
                nodePorts.isEmpty() ? List.of()
                        : Arrays.stream(nodePorts.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                duration(config, "syncPeriod", Duration.ofMinutes(5)),
                duration(config, "minSyncInterval", Duration.ofMillis(200)),
                blankToNull(config.get("netns")), Mode.parse(config.getOrDefault("mode", "")),
                !"false".equalsIgnoreCase(config.getOrDefault("localhostNodePorts", "true").strip()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + ": not a duration: " + value);
        }
    }

    /** Whether node ports answer on loopback too: iptables mode, every address, not turned off. */
    public boolean nodePortsOnLoopback() {
        return localhostNodePorts && mode == Mode.IPTABLES && nodePortAddresses.isEmpty();
    }
}
