package io.timonel.plugins.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.resources.Quantity;
import io.timonel.plugins.admission.resources.ResourceList;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one object charges against a ResourceQuota, under the resource names a quota's
 * {@code spec.hard} uses: object counts ({@code pods}, {@code count/deployments.apps}), compute
 * ({@code requests.cpu}, {@code limits.memory}) and storage ({@code requests.storage}).
 */
final class Usage {
    private static final Quantity ONE = new Quantity(BigDecimal.ONE, Quantity.Format.DECIMAL_SI);
    private static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

    private Usage() {
    }

    /** The usage of {@code object}, a {@code resource} of API group {@code group}. */
    static Map<String, Quantity> of(String group, String resource, JsonNode object) {
        Map<String, Quantity> usage = new TreeMap<>();
        boolean core = group.isEmpty();
        if (core && resource.equals("pods") && isTerminal(object)) {
            return usage;
        }
        usage.put("count/" + resource + (core ? "" : "." + group), ONE);
        if (!core) {
            return usage;
        }
        switch (resource) {
            case "pods" -> pod(object, usage);
            case "services" -> service(object, usage);
            case "persistentvolumeclaims" -> claim(object, usage);
            case "configmaps", "secrets", "replicationcontrollers", "resourcequotas" -> usage.put(resource, ONE);
            default -> { }
        }
        return usage;
    }

    /** Succeeded and failed pods hold no resources, so quota does not count them. */
    static boolean isTerminal(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    private static void pod(JsonNode pod, Map<String, Quantity> usage) {
        usage.put("pods", ONE);
        Map<String, Quantity> requests = ResourceList.podTotal(pod, "requests");
        Map<String, Quantity> limits = ResourceList.podTotal(pod, "limits");
        requests.forEach((name, q) -> {
            usage.put("requests." + name, q);
            if (name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage")) {
                // The bare names are the older spelling of requests.*.
                usage.put(name, q);
            }
        });
        limits.forEach((name, q) -> usage.put("limits." + name, q));
    }

    private static void service(JsonNode service, Map<String, Quantity> usage) {
        usage.put("services", ONE);
        JsonNode spec = service.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        int ports = spec.path("ports").size();
        if (type.equals("LoadBalancer")) {
            usage.put("services.loadbalancers", ONE);
            if (spec.path("allocateLoadBalancerNodePorts").asBoolean(true)) {
                usage.put("services.nodeports", new Quantity(BigDecimal.valueOf(ports), Quantity.Format.DECIMAL_SI));
            }
        } else if (type.equals("NodePort")) {
            usage.put("services.nodeports", new Quantity(BigDecimal.valueOf(ports), Quantity.Format.DECIMAL_SI));
        }
    }

    private static void claim(JsonNode claim, Map<String, Quantity> usage) {
        usage.put("persistentvolumeclaims", ONE);
        Quantity storage = Quantity.parse(claim.path("spec").path("resources").path("requests").path("storage")
                .asText(null)).orElse(null);
        String storageClass = claim.path("spec").path("storageClassName").asText("");
        if (storage != null) {
            usage.put("requests.storage", storage);
        }
        if (!storageClass.isEmpty()) {
            usage.put(storageClass + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims", ONE);
            if (storage != null) {
                usage.put(storageClass + STORAGE_CLASS_SUFFIX + "requests.storage", storage);
            }
        }
    }
}
