package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.select.StructuredLabelSelector;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.DeleteOptions;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pods/eviction} (policy/v1 Eviction), what {@code kubectl drain} uses: a pod goes only when
 * its PodDisruptionBudget allows one more disruption. The budget's {@code disruptionsAllowed} is
 * taken down and the pod recorded in {@code disruptedPods} (compare-and-swap on the budget, so two
 * evictions never spend the same allowance) before the pod is deleted; no allowance left is 429
 * TooManyRequests, and the client retries. Pods that finished or have no budget are deleted at once.
 */
final class PodEviction {
    private final ObjectService objects;
    private final ResourceRegistry registry;

    PodEviction(ObjectService objects, ResourceRegistry registry) {
        this.objects = objects;
        this.registry = registry;
    }

    /** Evicts the pod {@code namespace/name} as {@code eviction} (its body) asks. */
    void evict(ResourceType pods, String namespace, String name, JsonNode eviction, WriteOptions opts) {
        String bodyName = eviction.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        DeleteOptions delete = DeleteOptions.from(eviction.path("deleteOptions").isObject()
                ? eviction.get("deleteOptions") : null, null, null, false);
        JsonNode pod = objects.get(pods, namespace, name).object();
        String phase = pod.path("status").path("phase").asText("");
        if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
            budgetFor(namespace, pod).ifPresent(budget -> spend(budget, namespace, pod, opts));
        }
        objects.delete(pods, namespace, name, delete, opts);
    }

    private Optional<JsonNode> budgetFor(String namespace, JsonNode pod) {
        Optional<ResourceType> budgets = registry.find("policy", "v1", "poddisruptionbudgets");
        if (budgets.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> labels = StructuredLabelSelector.labelsOf(pod);
        List<JsonNode> matching = objects.list(budgets.get(), namespace).items().stream()
                .<JsonNode>map(CachedObject::object)
                .filter(b -> b.path("spec").path("selector").isObject()
                        && StructuredLabelSelector.from(b.path("spec").path("selector")).matches(labels))
                .toList();
        if (matching.size() > 1) {
            throw ApiException.internal("This pod has more than one PodDisruptionBudget, which the eviction "
                    + "subresource does not support.");
        }
        return matching.stream().findFirst();
    }

    private void spend(JsonNode budget, String namespace, JsonNode pod, WriteOptions opts) {
        ResourceType budgets = registry.find("policy", "v1", "poddisruptionbudgets").orElseThrow();
        String budgetName = budget.path("metadata").path("name").asText();
        String podName = pod.path("metadata").path("name").asText();
        objects.guaranteedUpdate(budgets, namespace, budgetName, "status", opts, "", current -> {
            ObjectNode status = Json.with(current, "status");
            long generation = current.path("metadata").path("generation").asLong(0);
            if (status.path("observedGeneration").asLong(-1) < generation) {
                throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget. "
                        + "The disruption budget " + budgetName + " is still being processed by the server.");
            }
            int allowed = status.path("disruptionsAllowed").asInt(0);
            if (allowed <= 0) {
                throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget. "
                        + "The disruption budget " + budgetName + " needs " + status.path("desiredHealthy").asInt(0)
                        + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently");
            }
            status.put("disruptionsAllowed", allowed - 1);
            Json.with(status, "disruptedPods").put(podName, objects.now());
            return current;
        });
    }

    private static ApiException tooManyRequests(String message) {
        ObjectNode details = Json.object();
        details.putArray("causes").addObject().put("reason", "DisruptionBudget").put("message", message);
        return new ApiException(429, "TooManyRequests", message, details);
    }
}
