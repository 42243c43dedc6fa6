package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.timonel.plugins.controllers.kit.LabelSelectors;
import io.timonel.plugins.controllers.kit.PodStates;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Which services a pod backs, and which pods back a service. */
final class ServicePods {
    private ServicePods() {
    }

    /** Whether the service's endpoints come from its selector; those without one are managed by hand. */
    static boolean hasSelector(Service service) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        return selector != null && !selector.isEmpty();
    }

    static boolean selects(Service service, Pod pod) {
        return hasSelector(service) && service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && LabelSelectors.matches(service.getSpec().getSelector(), pod.getMetadata().getLabels());
    }

    /**
     * The pods that are endpoints of {@code service}, as Kubernetes' {@code ShouldPodBeInEndpoints}:
     * selected, with an IP, not finished, and (unless {@code includeTerminating}) not being deleted.
     */
    static List<Pod> of(Service service, Collection<Pod> namespacePods, boolean includeTerminating) {
        return namespacePods.stream()
                .filter(p -> selects(service, p))
                .filter(p -> PodStates.ip(p) != null && !PodStates.isTerminal(p))
                .filter(p -> includeTerminating || !PodStates.isTerminating(p))
                .toList();
    }

    static boolean isHeadless(Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    static boolean publishNotReady(Service service) {
        return Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    }

    /** A pod's hostname counts only when its subdomain names the service (a headless service's DNS). */
    static String hostname(Service service, Pod pod) {
        String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
        if (hostname == null || hostname.isEmpty()) {
            return null;
        }
        return service.getMetadata().getName().equals(pod.getSpec().getSubdomain())
                && service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) ? hostname : null;
    }

    static String nodeName(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? null : node;
    }
}
