package io.timonel.plugins.coreapi.core.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an update of a Service treats the values allocated to it, as Kubernetes does: values a
 * client left out (a {@code kubectl replace} of the original manifest) are kept, and values that
 * no longer apply after a change of type are dropped when the client did not change them.
 */
final class ServiceUpdates {
    private ServiceUpdates() {
    }

    static String type(JsonNode service) {
        return service.path("spec").path("type").asText("ClusterIP");
    }

    /** Everything but ExternalName has a cluster IP (possibly None). */
    static boolean needsClusterIP(JsonNode service) {
        return !type(service).equals("ExternalName");
    }

    static boolean needsNodePorts(JsonNode service) {
        String type = type(service);
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    static boolean needsHealthCheckPort(JsonNode service) {
        return type(service).equals("LoadBalancer")
                && service.path("spec").path("externalTrafficPolicy").asText("").equals("Local");
    }

    /** Copies allocated values the update left out from the stored object. */
    static void keepAllocatedValues(JsonNode old, ObjectNode service) {
        ObjectNode spec = (ObjectNode) service.get("spec");
        JsonNode oldSpec = old.path("spec");
        if (needsClusterIP(old) && needsClusterIP(service)) {
            if (spec.path("clusterIP").asText("").isEmpty() && oldSpec.hasNonNull("clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            }
            if (spec.path("clusterIPs").size() == 0 && oldSpec.path("clusterIPs").size() > 0
                    && spec.path("clusterIP").asText("").equals(oldSpec.path("clusterIP").asText(""))) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (needsNodePorts(old) && needsNodePorts(service)) {
            Set<Integer> used = new HashSet<>(nodePorts(old));
            used.retainAll(nodePorts(service));
            // ports are matched by name: the client may have changed anything else of a port
            Map<String, Integer> byName = new HashMap<>();
            for (JsonNode port : oldSpec.path("ports")) {
                byName.put(port.path("name").asText(""), port.path("nodePort").asInt(0));
            }
            for (JsonNode port : spec.path("ports")) {
                Integer before = byName.get(port.path("name").asText(""));
                if (port instanceof ObjectNode p && port.path("nodePort").asInt(0) == 0 && before != null
                        && before != 0 && !used.contains(before)) {
                    p.put("nodePort", before);
                    used.add(before);
                }
            }
        }
        if (needsHealthCheckPort(old) && needsHealthCheckPort(service)
                && spec.path("healthCheckNodePort").asInt(0) == 0 && oldSpec.path("healthCheckNodePort").asInt(0) != 0) {
            spec.put("healthCheckNodePort", oldSpec.path("healthCheckNodePort").asInt());
        }
    }

    /** Drops values the new type does not use, where the client left them as they were. */
    static void dropTypeDependentFields(JsonNode old, ObjectNode service) {
        ObjectNode spec = (ObjectNode) service.get("spec");
        JsonNode oldSpec = old.path("spec");
        if (needsClusterIP(old) && !needsClusterIP(service)) {
            for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
                removeIfUnchanged(spec, oldSpec, field);
            }
        }
        if (needsNodePorts(old) && !needsNodePorts(service)) {
            Set<Integer> held = new HashSet<>(nodePorts(old));
            for (JsonNode port : spec.path("ports")) {
                if (port instanceof ObjectNode p && held.contains(port.path("nodePort").asInt(0))) {
                    p.remove("nodePort");
                }
            }
            removeIfUnchanged(spec, oldSpec, "externalTrafficPolicy");
        }
        if (needsHealthCheckPort(old) && !needsHealthCheckPort(service)) {
            removeIfUnchanged(spec, oldSpec, "healthCheckNodePort");
        }
        if (type(old).equals("LoadBalancer") && !type(service).equals("LoadBalancer")) {
            removeIfUnchanged(spec, oldSpec, "allocateLoadBalancerNodePorts");
            removeIfUnchanged(spec, oldSpec, "loadBalancerClass");
        }
    }

    private static void removeIfUnchanged(ObjectNode spec, JsonNode oldSpec, String field) {
        if (spec.has(field) && spec.get(field).equals(oldSpec.get(field))) {
            spec.remove(field);
        }
    }

    private static Set<Integer> nodePorts(JsonNode service) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            if (port.path("nodePort").asInt(0) != 0) {
                ports.add(port.path("nodePort").asInt());
            }
        }
        return ports;
    }
}
