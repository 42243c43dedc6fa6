package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Json.defaultText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.ObjectDefaulter;

/**
 * Defaults of a Service: type ClusterIP, sessionAffinity None, TCP ports whose targetPort is the
 * port, traffic policies, IPv4 single stack. Cluster IPs and node ports are allocated, not defaulted:
 * see {@link io.timonel.plugins.coreapi.core.allocation.ServiceAllocator}.
 */
public final class ServiceDefaults implements ObjectDefaulter {

    @Override
    public void applyDefaults(ObjectNode service) {
        ObjectNode spec = Json.object(service, "spec");
        defaultText(spec, "type", "ClusterIP");
        defaultText(spec, "sessionAffinity", "None");
        String type = spec.path("type").asText();
        if ("ClientIP".equals(spec.path("sessionAffinity").asText())) {
            ObjectNode clientIP = Json.object(Json.object(spec, "sessionAffinityConfig"), "clientIP");
            Json.defaultInt(clientIP, "timeoutSeconds", 10800);
        }
        for (ObjectNode port : Json.objects(spec, "ports")) {
            defaultText(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            boolean unsetTarget = target == null || target.isNull()
                    || (target.isIntegralNumber() && target.asInt() == 0)
                    || (target.isTextual() && target.asText().isEmpty());
            if (unsetTarget && port.get("port") != null) {
                port.set("targetPort", port.get("port").deepCopy());
            }
        }
        if (!type.equals("ExternalName")) {
            defaultText(spec, "internalTrafficPolicy", "Cluster");
            // Single-stack IPv4 clusters: what the allocator records for every service with a cluster IP.
            defaultText(spec, "ipFamilyPolicy", "SingleStack");
            if (Json.unset(spec, "ipFamilies")) {
                spec.putArray("ipFamilies").add("IPv4");
            }
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Json.defaultBoolean(spec, "allocateLoadBalancerNodePorts", true);
        }
        Json.object(Json.object(service, "status"), "loadBalancer");
    }
}
