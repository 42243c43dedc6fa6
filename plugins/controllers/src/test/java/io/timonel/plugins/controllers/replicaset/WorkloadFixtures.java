package io.timonel.plugins.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test helpers for workload ITs: templates, and playing the kubelet by writing pod status. */
public final class WorkloadFixtures {
    private WorkloadFixtures() {
    }

    public static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage(image).build())
                .endSpec().build();
    }

    /** Marks the pod Running and Ready, as a kubelet would; false if it changed meanwhile or is gone. */
    public static boolean markReady(KubernetesClient client, Pod pod) {
        String now = Instant.now().toString();
        Pod ready = new PodBuilder(pod).editOrNewStatus().withPhase("Running").withPodIP("10.0.0.1")
                .withConditions(List.of(
                        new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready").withStatus("True")
                                .withLastTransitionTime(now).build(),
                        new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("ContainersReady")
                                .withStatus("True").withLastTransitionTime(now).build()))
                .withStartTime(now).endStatus().build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(ready).updateStatus();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Marks every not-yet-ready, not-terminating pod of the namespace matching labels ready. */
    public static void markAllReady(KubernetesClient client, String namespace, Map<String, String> labels) {
        for (Pod pod : client.pods().inNamespace(namespace).withLabels(labels).list().getItems()) {
            boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                    && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!ready && pod.getMetadata().getDeletionTimestamp() == null) {
                markReady(client, pod);
            }
        }
    }
}
