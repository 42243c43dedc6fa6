package io.timonel.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a {@link Kernel}.
 *
 * @param bindAddress     address the API server listens on, e.g. {@code 0.0.0.0}
 * @param port            HTTPS port (6443 by default; 0 picks a free one, for tests)
 * @param dataDir         where the store, the PKI and the admin kubeconfig live
 * @param pluginsDir      where plugin jars are loaded from (may not exist: no plugins)
 * @param disabledPlugins plugin ids not to start
 * @param requiredPlugins plugin ids without which start-up fails
 * @param tokenFile       static bearer tokens (CSV: token,user,uid,"group1,group2"), or null
 * @param extraSans       more names/addresses for the serving certificate
 * @param storeBackend    name of the store backend ({@code embedded} is built in)
 * @param watchHistory    events the watch cache keeps for watches that resume from a resourceVersion
 * @param controllers     per controller name, its settings ({@code controllers.<name>.<key>}); the key
 *                        {@code enabled: "false"} keeps a controller from starting; node components
 *                        (the node agent) take their settings from the same map
 * @param nodeName        the name of this server's own Node (null: the host name), for node components
 * @param serviceClusterIpRange the CIDR Services' cluster IPs come from
 *                              (null: {@value #DEFAULT_SERVICE_CLUSTER_IP_RANGE})
 * @param serviceNodePortRange  the ports NodePort Services get, {@code min-max} inclusive
 *                              (null: {@value #DEFAULT_SERVICE_NODE_PORT_RANGE})
 */
public record KernelConfig(String bindAddress, int port, Path dataDir, Path pluginsDir,
                           Set<String> disabledPlugins, Set<String> requiredPlugins, Path tokenFile,
                           List<String> extraSans, String storeBackend, int watchHistory,
                           Map<String, Map<String, String>> controllers, String nodeName,
                           String serviceClusterIpRange, String serviceNodePortRange) {

    /** Kubernetes' usual service CIDR. */
    public static final String DEFAULT_SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";
    /** Kubernetes' default node port range. */
    public static final String DEFAULT_SERVICE_NODE_PORT_RANGE = "30000-32767";

    public KernelConfig {
        controllers = controllers == null ? Map.of() : Map.copyOf(controllers);
        serviceClusterIpRange = serviceClusterIpRange == null ? DEFAULT_SERVICE_CLUSTER_IP_RANGE
                : serviceClusterIpRange;
        serviceNodePortRange = serviceNodePortRange == null ? DEFAULT_SERVICE_NODE_PORT_RANGE : serviceNodePortRange;
    }

    /** A configuration with the default service ranges. */
    public KernelConfig(String bindAddress, int port, Path dataDir, Path pluginsDir,
                        Set<String> disabledPlugins, Set<String> requiredPlugins, Path tokenFile,
                        List<String> extraSans, String storeBackend, int watchHistory,
                        Map<String, Map<String, String>> controllers, String nodeName) {
        this(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile, extraSans,
                storeBackend, watchHistory, controllers, nodeName, null, null);
    }

    /** This configuration with other service ranges (null keeps a range as it is). */
    public KernelConfig withServiceRanges(String clusterIpRange, String nodePortRange) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory, controllers, nodeName,
                clusterIpRange != null ? clusterIpRange : serviceClusterIpRange,
                nodePortRange != null ? nodePortRange : serviceNodePortRange);
    }

    /** Events kept for resuming watches unless configured otherwise. */
    public static final int DEFAULT_WATCH_HISTORY = 100_000;

    /** Defaults for a data directory: all interfaces, port 6443, no plugins dir, embedded store. */
    public static KernelConfig defaults(Path dataDir) {
        return new KernelConfig("0.0.0.0", 6443, dataDir, null, Set.of(), Set.of(), null, List.of(), "embedded",
                DEFAULT_WATCH_HISTORY, Map.of(), null);
    }

    public KernelConfig withPort(int port) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory, controllers, nodeName,
                serviceClusterIpRange, serviceNodePortRange);
    }

    public KernelConfig withPluginsDir(Path dir) {
        return new KernelConfig(bindAddress, port, dataDir, dir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory, controllers, nodeName,
                serviceClusterIpRange, serviceNodePortRange);
    }

    public KernelConfig withWatchHistory(int events) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, events, controllers, nodeName,
                serviceClusterIpRange, serviceNodePortRange);
    }

    /** This configuration with {@code settings} for the controller {@code name}, merged over what it had. */
    public KernelConfig withControllerSettings(String name, Map<String, String> settings) {
        Map<String, Map<String, String>> all = new java.util.HashMap<>(controllers);
        Map<String, String> merged = new java.util.HashMap<>(all.getOrDefault(name, Map.of()));
        merged.putAll(settings);
        all.put(name, Map.copyOf(merged));
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory, all, nodeName,
                serviceClusterIpRange, serviceNodePortRange);
    }

    /** This configuration with its own Node called {@code name}. */
    public KernelConfig withNodeName(String name) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory, controllers, name,
                serviceClusterIpRange, serviceNodePortRange);
    }

    /** The name of this server's own Node: the configured one, else the host name in lower case. */
    public String effectiveNodeName() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
