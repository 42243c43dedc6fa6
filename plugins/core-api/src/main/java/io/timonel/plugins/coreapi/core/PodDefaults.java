package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.ObjectDefaulter;

/**
 * Defaults of a Pod: its spec (see {@link PodSpecDefaults}) and the status a new pod starts
 * with, {@code phase: Pending} and its QoS class, as the API server records them on create.
 */
public final class PodDefaults implements ObjectDefaulter {

    @Override
    public void applyDefaults(ObjectNode pod) {
        ObjectNode spec = Json.object(pod, "spec");
        PodSpecDefaults.apply(spec);
        ObjectNode status = Json.object(pod, "status");
        Json.defaultText(status, "phase", "Pending");
        Json.defaultText(status, "qosClass", qosClass(spec));
    }

    /**
     * BestEffort without any request or limit; Guaranteed when every container limits cpu and
     * memory and requests equal limits; Burstable otherwise.
     */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode container : spec.path(list)) {
                JsonNode requests = container.path("resources").path("requests");
                JsonNode limits = container.path("resources").path("limits");
                any |= requests.size() > 0 || limits.size() > 0;
                for (String resource : new String[] {"cpu", "memory"}) {
                    JsonNode limit = limits.get(resource);
                    JsonNode request = requests.get(resource);
                    if (limit == null || (request != null && !request.asText().equals(limit.asText()))) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
