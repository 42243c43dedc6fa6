package io.timonel.plugins.controllers.gc;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an owner reference's apiVersion and kind to the resource to read and write, from the
 * server's discovery documents; a group version is fetched again when asked for a kind it lacked
 * (a CustomResourceDefinition may have been created since).
 */
final class ResourceKinds {
    private final KubernetesClient client;
    private final Map<String, Map<String, ResourceDefinitionContext>> byGroupVersion = new HashMap<>();

    ResourceKinds(KubernetesClient client) {
        this.client = client;
    }

    /** The resource serving {@code kind} in {@code apiVersion}, if the server has one. */
    synchronized Optional<ResourceDefinitionContext> resolve(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        Map<String, ResourceDefinitionContext> kinds = byGroupVersion.get(apiVersion);
        if (kinds == null || !kinds.containsKey(kind)) {
            kinds = fetch(apiVersion);
            byGroupVersion.put(apiVersion, kinds);
        }
        return Optional.ofNullable(kinds.get(kind));
    }

    private Map<String, ResourceDefinitionContext> fetch(String apiVersion) {
        Map<String, ResourceDefinitionContext> kinds = new HashMap<>();
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (RuntimeException unknown) {
            return kinds;
        }
        if (list == null || list.getResources() == null) {
            return kinds;
        }
        for (APIResource resource : list.getResources()) {
            if (!resource.getName().contains("/")) {
                kinds.put(resource.getKind(), ResourceDefinitionContext.fromApiResource(apiVersion, resource));
            }
        }
        return kinds;
    }
}
