package io.timonel.plugins.simnodes;

import java.time.Duration;
import java.util.Map;

/**
 * What the simulation is asked to do, from {@code controllers.simulated-nodes.<key>} of the
 * server configuration; every key is optional.
 *
 * @param count          how many nodes to run ({@code count}, default 0: the controller does nothing)
 * @param prefix         node names are the prefix and an index from 0 ({@code prefix}, default {@code sim-node-})
 * @param cpu            each node's cpu capacity, a quantity ({@code cpu}, default 8)
 * @param memory         each node's memory capacity ({@code memory}, default 32Gi)
 * @param pods           how many pods a node takes ({@code pods}, default 110)
 * @param heartbeat      how often each node renews its Lease ({@code heartbeat}, default 10s)
 * @param statusReport   how often each node reports an unchanged status ({@code statusReport}, default 1m)
 * @param jobPodDuration how long a pod owned by a Job runs before it ends ({@code jobPodDuration}, default 2s)
 * @param startDelay     from bound to Running ({@code startDelay}, default 0s)
 * @param maxInFlight    how many writes to the API may be outstanding at once ({@code maxInFlight}, default 16)
 */
record SimulationSettings(int count, String prefix, String cpu, String memory, String pods, Duration heartbeat,
                          Duration statusReport, Duration jobPodDuration, Duration startDelay, int maxInFlight) {

    SimulationSettings {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (heartbeat.isZero() || statusReport.isZero()) {
            throw new IllegalArgumentException("heartbeat and statusReport must be longer than 0");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
    }

    /**
     * The settings in {@code config}, defaults for what it leaves out.
     *
     * @throws IllegalArgumentException naming the key whose value is not understood
     */
    static SimulationSettings from(Map<String, String> config) {
        return new SimulationSettings(integer(config, "count", 0), config.getOrDefault("prefix", "sim-node-"),
                config.getOrDefault("cpu", "8"), config.getOrDefault("memory", "32Gi"),
                config.getOrDefault("pods", "110"), duration(config, "heartbeat", "10s"),
                duration(config, "statusReport", "1m"), duration(config, "jobPodDuration", "2s"),
                duration(config, "startDelay", "0s"), integer(config, "maxInFlight", 16));
    }

    /** How many pods a node takes, as a number. */
    int podsPerNode() {
        return Integer.parseInt(pods);
    }

    private static int integer(Map<String, String> config, String key, int fallback) {
        String value = config.get(key);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("controllers.simulated-nodes." + key + " is not a number: " + value);
        }
    }

    private static Duration duration(Map<String, String> config, String key, String fallback) {
        try {
            return GoDuration.parse(config.getOrDefault(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("controllers.simulated-nodes." + key + ": " + e.getMessage(), e);
        }
    }
}
