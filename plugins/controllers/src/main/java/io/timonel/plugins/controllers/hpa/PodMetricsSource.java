package io.timonel.plugins.controllers.hpa;

import java.util.Map;

/**
 * Where the autoscaler reads how much of a resource each pod uses: the resource metrics API
 * ({@code metrics.k8s.io/v1beta1} PodMetrics, {@link ApiPodMetricsSource}) in a cluster, a fixed
 * table in tests. Called from the autoscaler's worker threads; may block on the network.
 */
public interface PodMetricsSource {

    /** Pod name → usage of {@code resource} in milli-units (cores ×1000, bytes ×1000), summed over its containers. */
    sealed interface Result {
    }

    record Usage(Map<String, Long> byPod, Map<String, Sample> samples) implements Result {
        public Usage(Map<String, Long> byPod) {
            this(byPod, Map.of());
        }
    }

    /** When a pod's usage was measured ({@code timestamp}) and over how long ({@code window}). */
    record Sample(java.time.Instant timestamp, java.time.Duration window) {
    }

    /** No metrics: the API is not served or failed; {@code message} says so, as Kubernetes words it. */
    record Unavailable(String message) implements Result {
    }

    Result podUsage(String namespace, String resource);
}
