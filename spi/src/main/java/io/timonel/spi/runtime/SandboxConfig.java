package io.timonel.spi.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a pod sandbox is made of.
 *
 * @param podName      the pod's name (the runtime names the sandbox after it)
 * @param podNamespace the pod's namespace
 * @param podUid       the pod's uid
 * @param attempt      how many sandboxes this pod had before (0 for the first)
 * @param hostname     the pod's hostname ({@code /etc/hostname})
 * @param hostNetwork  share the node's network namespace
 * @param dns          the pod's {@code /etc/resolv.conf}, or null for the node's own
 * @param portMappings hostPort mappings
 * @param labels       labels the runtime keeps and reports back
 * @param annotations  annotations the runtime keeps
 * @param logDirectory where the runtime writes the pod's container logs (runtimes that write files)
 * @param cgroupParent the cgroup the pod's containers live under, or null for the runtime's default
 */
public record SandboxConfig(String podName, String podNamespace, String podUid, int attempt, String hostname,
                            boolean hostNetwork, DnsSettings dns, List<PortMapping> portMappings,
                            Map<String, String> labels, Map<String, String> annotations, String logDirectory,
                            String cgroupParent) {
    public SandboxConfig {
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** DNS settings: {@code nameserver}, {@code search} and {@code options} lines of resolv.conf. */
    public record DnsSettings(List<String> servers, List<String> searches, List<String> options) {
        public DnsSettings {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }

    /** A hostPort: traffic to {@code hostIp:hostPort} ({@code protocol} TCP/UDP/SCTP) reaches {@code containerPort}. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    }
}
