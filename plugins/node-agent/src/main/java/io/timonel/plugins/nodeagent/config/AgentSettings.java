package io.timonel.plugins.nodeagent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The node agent's settings ({@code controllers.node-agent.*}), each with its default.
 *
 * @param runtime          the ContainerRuntimeProvider to use by name (docker)
 * @param imagesDir        tarballs imported at start, or null for none
 * @param port             the streaming server's port (10250; 0 for any free port)
 * @param maxPods          the node's pod capacity (110)
 * @param address          the node's InternalIP, or null for the host's first non-loopback IPv4
 * @param clusterDns       the cluster DNS server pods with dnsPolicy ClusterFirst use (10.96.0.10, the cluster-dns
 *                         addon's Service); empty for none, which sends them to the node's resolver
 * @param clusterDomain    the cluster's DNS domain (cluster.local)
 * @param eviction         the hard eviction thresholds
 * @param leaseInterval    how often the node's Lease is renewed (10s)
 * @param statusInterval   how often the node's status is checked, and written when it changed (10s)
 * @param statusReport     how often the node's status is written even when nothing changed (1m)
 * @param relistInterval   how often the runtime's containers are listed to notice changes (1s)
 * @param resyncInterval   how often every pod is synced even without events (10s)
 * @param runtimeRetry     how often an unreachable runtime is tried again (5s)
 * @param evictionInterval how often the eviction signals are checked (10s)
 * @param network          the PodNetworkProvider to use by name ({@code bridge}); {@code none} leaves pods
 *                         with what the runtime gives them
 * @param maxParallelStarts how many sandbox runs, container creates and starts go to the runtime at once (8)
 */
public record AgentSettings(String runtime, Path imagesDir, int port, int maxPods, String address, String clusterDns,
                            String clusterDomain, EvictionThresholds eviction, Duration leaseInterval,
                            Duration statusInterval, Duration statusReport, Duration relistInterval,
                            Duration resyncInterval, Duration runtimeRetry, Duration evictionInterval, String network,
                            int maxParallelStarts) {

    /**
     * Reads the settings; keys are camelCase ({@code maxPods}) or kebab-case ({@code max-pods}).
     *
     * @throws IllegalArgumentException for a malformed value
     */
    public static AgentSettings from(Map<String, String> config) {
        Settings s = new Settings(config);
        String images = s.get("imagesDir", null);
        return new AgentSettings(
                s.get("runtime", "docker"),
                images == null || images.isBlank() ? null : Path.of(images),
                s.integer("port", 10250),
                s.integer("maxPods", 110),
                blankToNull(s.get("address", null)),
                blankToNull(s.get("clusterDns", "10.96.0.10")),
                s.get("clusterDomain", "cluster.local"),
                EvictionThresholds.parse(s.get("evictionHard", EvictionThresholds.DEFAULT)),
                s.duration("leaseInterval", Duration.ofSeconds(10)),
                s.duration("statusInterval", Duration.ofSeconds(10)),
                s.duration("statusReport", Duration.ofMinutes(1)),
                s.duration("relistInterval", Duration.ofSeconds(1)),
                s.duration("resyncInterval", Duration.ofSeconds(10)),
                s.duration("runtimeRetry", Duration.ofSeconds(5)),
                s.duration("evictionInterval", Duration.ofSeconds(10)),
                s.get("network", "bridge").trim(),
                s.integer("maxParallelStarts", 8));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Looks a key up in camelCase or kebab-case. */
    private record Settings(Map<String, String> config) {
        String get(String camel, String fallback) {
            String v = config.get(camel);
            if (v == null) {
                v = config.get(kebab(camel));
            }
            return v == null ? fallback : v;
        }

        int integer(String key, int fallback) {
            String v = get(key, null);
            try {
                return v == null ? fallback : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("controllers.node-agent." + key + " is not a number: " + v);
            }
        }

        Duration duration(String key, Duration fallback) {
            String v = get(key, null);
            return v == null ? fallback : Durations.parse(v);
        }

        private static String kebab(String camel) {
            StringBuilder b = new StringBuilder();
            for (char c : camel.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    b.append('-').append(Character.toLowerCase(c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
