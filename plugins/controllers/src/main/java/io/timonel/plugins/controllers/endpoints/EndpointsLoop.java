package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.SameContent;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' endpoints controller: every Service with a selector has an Endpoints object of the
 * same name listing its pods ({@link Subsets}). Services without a selector are left to whoever
 * writes their Endpoints; when a service is deleted, its Endpoints go with it. The queue holds
 * service keys.
 */
public final class EndpointsLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Endpoints> endpoints;
    private WorkQueue queue;
    private ReconcileLoop loop;

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        services = runtime.informers().of(Service.class);
        pods = runtime.informers().of(Pod.class);
        endpoints = runtime.informers().of(Endpoints.class);
        services.addEventHandler(Handlers.enqueue(queue));
        // As Kubernetes: only a deleted Endpoints wakes its service; someone else's Endpoints
        // written ahead of its Service is left alone until then (or until the next start).
        endpoints.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints e) {
            }

            @Override
            public void onUpdate(Endpoints old, Endpoints e) {
            }

            @Override
            public void onDelete(Endpoints e, boolean unknown) {
                queue.add(Keys.of(e));
            }
        });
        pods.addEventHandler(new ServiceQueueing(services, queue));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    Result reconcile(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        Service service = services.getStore().getByKey(key);
        Endpoints current = endpoints.getStore().getByKey(key);
        try {
            if (service == null) {
                if (current != null) {
                    runtime.client().endpoints().inNamespace(namespace).withName(name).delete();
                }
                return Result.done();
            }
            if (!ServicePods.hasSelector(service)) {
                return Result.done();
            }
            List<Pod> backing = ServicePods.of(service, pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace), false);
            List<EndpointSubset> subsets = Subsets.of(service, backing);
            Map<String, String> labels = Subsets.labels(service);
            Map<String, String> annotations = new java.util.LinkedHashMap<>();
            if (current != null && current.getMetadata().getAnnotations() != null) {
                annotations.putAll(current.getMetadata().getAnnotations());
            }
            if (Subsets.truncate(subsets)) {
                annotations.put(Subsets.OVER_CAPACITY, "truncated");
            } else {
                annotations.remove(Subsets.OVER_CAPACITY);
            }
            if (current == null) {
                runtime.client().endpoints().inNamespace(namespace).resource(new EndpointsBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                        .withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
                        .withSubsets(subsets).build()).create();
            } else if (!sameSubsets(current.getSubsets(), subsets) || !SameContent.equal(current.getMetadata().getLabels(), labels)
                    || !SameContent.equal(current.getMetadata().getAnnotations(), annotations)) {
                runtime.client().endpoints().inNamespace(namespace).resource(new EndpointsBuilder(current)
                        .editMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withSubsets(subsets).build()).update();
            }
            return Result.done();
        } catch (KubernetesClientException e) {
            // 409: the cache is behind a write; 404: deleted meanwhile. Either way look again.
            return e.getCode() == 404 && service == null ? Result.done() : Result.retry();
        }
    }

    private static boolean sameSubsets(List<EndpointSubset> current, List<EndpointSubset> desired) {
        return SameContent.equal(current, desired);
    }

    @Override
    public void run() {
        // Endpoints whose service went away while no controller ran (Kubernetes' checkLeftoverEndpoints);
        // leader-election records once kept in Endpoints are not ours.
        for (Endpoints e : endpoints.getStore().list()) {
            Map<String, String> annotations = e.getMetadata().getAnnotations();
            if (annotations == null || !annotations.containsKey("control-plane.alpha.kubernetes.io/leader")) {
                queue.add(Keys.of(e));
            }
        }
        loop.start(2);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
