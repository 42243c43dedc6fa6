package io.timonel.plugins.admission.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Reading and summing Kubernetes resource lists ({@code {"cpu": "500m", "memory": "1Gi"}}). */
public final class ResourceList {
    private ResourceList() {
    }

    /** The quantities of a JSON resource list, by resource name; malformed values are left out. */
    public static Map<String, Quantity> of(JsonNode list) {
        Map<String, Quantity> out = new TreeMap<>();
        if (list == null || !list.isObject()) {
            return out;
        }
        list.fields().forEachRemaining(e -> Quantity.parse(e.getValue().asText()).ifPresent(q -> out.put(e.getKey(), q)));
        return out;
    }

    /** Adds {@code b} into {@code a}. */
    public static void addInto(Map<String, Quantity> a, Map<String, Quantity> b) {
        b.forEach((k, v) -> a.merge(k, v, Quantity::plus));
    }

    /** Raises each of {@code a}'s entries to at least {@code b}'s. */
    public static void maxInto(Map<String, Quantity> a, Map<String, Quantity> b) {
        b.forEach((k, v) -> a.merge(k, v, Quantity::max));
    }

    /**
     * A pod's effective requests or limits ({@code field} is {@code requests} or {@code limits}):
     * the sum over its containers, raised to any single init container's, plus the pod overhead,
     * as the scheduler and quota count them.
     */
    public static Map<String, Quantity> podTotal(JsonNode pod, String field) {
        JsonNode spec = pod.path("spec");
        Map<String, Quantity> sum = new TreeMap<>();
        for (JsonNode c : spec.path("containers")) {
            addInto(sum, of(c.path("resources").path(field)));
        }
        Map<String, Quantity> sidecars = new TreeMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            Map<String, Quantity> own = of(c.path("resources").path(field));
            if ("Always".equals(c.path("restartPolicy").asText())) {
                // Sidecars run beside the app containers, so they add up with them.
                addInto(sidecars, own);
                addInto(sum, own);
            } else {
                Map<String, Quantity> during = new TreeMap<>(own);
                addInto(during, sidecars);
                maxInto(sum, during);
            }
        }
        addInto(sum, of(spec.path("overhead")));
        return Collections.unmodifiableMap(sum);
    }
}
