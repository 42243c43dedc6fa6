package io.timonel.plugins.controllers.hpa;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PodMetrics from the resource metrics API, {@code GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods}
 * — served by metrics-server behind an APIService on Kubernetes, by whatever serves that group
 * here (a metrics plugin, or a CustomResourceDefinition in tests). Items are read as generic
 * objects ({@code containers[].usage}), so any server speaking the format will do.
 */
public final class ApiPodMetricsSource implements PodMetricsSource {
    private static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withKind("PodMetrics").withPlural("pods")
            .withNamespaced(true).build();

    private final KubernetesClient client;

    public ApiPodMetricsSource(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Result podUsage(String namespace, String resource) {
        List<GenericKubernetesResource> items;
        try {
            items = client.genericKubernetesResources(POD_METRICS).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            return new Unavailable("unable to get metrics for resource " + resource
                    + ": unable to fetch metrics from resource metrics API: "
                    + (e.getCode() == 404 ? "the server could not find the requested resource (get pods.metrics.k8s.io)"
                    : e.getMessage()));
        }
        Map<String, Long> usage = new HashMap<>();
        Map<String, Sample> samples = new HashMap<>();
        for (GenericKubernetesResource item : items) {
            Object containers = item.getAdditionalProperties().get("containers");
            if (!(containers instanceof List<?> list) || list.isEmpty()) {
                continue;
            }
            long total = 0;
            boolean found = false;
            for (Object c : list) {
                if (c instanceof Map<?, ?> container && container.get("usage") instanceof Map<?, ?> u
                        && u.get(resource) != null) {
                    total += milli(String.valueOf(u.get(resource)));
                    found = true;
                }
            }
            if (found) {
                usage.put(item.getMetadata().getName(), total);
                sample(item).ifPresent(x -> samples.put(item.getMetadata().getName(), x));
            }
        }
        if (usage.isEmpty()) {
            return new Unavailable("unable to get metrics for resource " + resource
                    + ": no metrics returned from resource metrics API");
        }
        return new Usage(usage, samples);
    }

    private static java.util.Optional<Sample> sample(GenericKubernetesResource item) {
        try {
            Object timestamp = item.getAdditionalProperties().get("timestamp");
            Object window = item.getAdditionalProperties().get("window");
            if (timestamp == null) {
                return java.util.Optional.empty();
            }
            java.time.Duration w = window == null ? java.time.Duration.ZERO
                    : io.timonel.plugins.controllers.kit.Durations.parse(String.valueOf(window)).orElse(java.time.Duration.ZERO);
            return java.util.Optional.of(new Sample(java.time.Instant.parse(String.valueOf(timestamp)), w));
        } catch (RuntimeException malformed) {
            return java.util.Optional.empty();
        }
    }

    static long milli(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity)).multiply(BigDecimal.valueOf(1000)).longValue();
    }
}
