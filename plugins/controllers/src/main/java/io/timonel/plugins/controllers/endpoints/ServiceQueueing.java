package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.LabelSelectors;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.util.Map;
import java.util.Objects;

/**
 * Pod events queue the services whose selector matched the pod before or after the event, so that
 * a pod relabelled away from a service leaves its endpoints.
 */
final class ServiceQueueing implements ResourceEventHandler<Pod> {
    private final SharedIndexInformer<Service> services;
    private final WorkQueue queue;

    ServiceQueueing(SharedIndexInformer<Service> services, WorkQueue queue) {
        this.services = services;
        this.queue = queue;
    }

    @Override
    public void onAdd(Pod pod) {
        enqueue(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
            return; // a resync: nothing changed
        }
        enqueue(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), old.getMetadata().getLabels());
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
        enqueue(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
    }

    private void enqueue(String namespace, Map<String, String> labels, Map<String, String> oldLabels) {
        for (Service service : services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            if (!ServicePods.hasSelector(service)) {
                continue;
            }
            Map<String, String> selector = service.getSpec().getSelector();
            if (LabelSelectors.matches(selector, labels) || (oldLabels != null && LabelSelectors.matches(selector, oldLabels))) {
                queue.add(Keys.of(service));
            }
        }
    }
}
