package io.timonel.plugins.coreapi.core.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reserved values a Service object carries: its cluster IP (none when headless, ExternalName
 * or not allocated) and its node ports, the health-check node port among them.
 *
 * @param clusterIP the cluster IP, or null
 * @param nodePorts the node ports and the health-check node port
 */
record Holdings(String clusterIP, Set<Integer> nodePorts) {
    static final Holdings NONE = new Holdings(null, Set.of());

    Holdings {
        nodePorts = Set.copyOf(nodePorts);
    }

    /** What {@code service} holds; null means nothing. */
    static Holdings of(JsonNode service) {
        if (service == null) {
            return NONE;
        }
        JsonNode spec = service.path("spec");
        String ip = spec.path("clusterIP").asText("");
        boolean holdsIp = !ip.isEmpty() && !ip.equals("None") && !spec.path("type").asText("").equals("ExternalName")
                && Ipv4Cidr.parseAddress(ip).isPresent();
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode port : spec.path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort > 0) {
                ports.add(nodePort);
            }
        }
        int health = spec.path("healthCheckNodePort").asInt(0);
        if (health > 0) {
            ports.add(health);
        }
        return new Holdings(holdsIp ? ip : null, ports);
    }

    /** What this holds and {@code other} does not. */
    Holdings minus(Holdings other) {
        Set<Integer> ports = new TreeSet<>(nodePorts);
        ports.removeAll(other.nodePorts);
        String ip = clusterIP != null && !clusterIP.equals(other.clusterIP) ? clusterIP : null;
        return new Holdings(ip, ports);
    }

    boolean holdsPort(int port) {
        return nodePorts.contains(port);
    }
}
