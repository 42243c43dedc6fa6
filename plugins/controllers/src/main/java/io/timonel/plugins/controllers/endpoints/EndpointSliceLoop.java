package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' endpointslice controller: every Service with a selector has discovery.k8s.io/v1
 * EndpointSlices (IPv4, at most {@code max-endpoints-per-slice} endpoints each, 100 by default)
 * labelled {@code kubernetes.io/service-name} and managed by {@value #MANAGED_BY}, owned by the
 * service. Slices managed by anyone else are never touched. The queue holds service keys.
 *
 * <p>Slices are created with generated names, so a cache that does not show a slice created a
 * moment ago would lead to a second one: until the cache shows every slice this loop created for a
 * service, that service is looked at again shortly instead (Kubernetes' slice tracker does the same).
 */
public final class EndpointSliceLoop implements ControlLoop {
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    static final int DEFAULT_MAX_PER_SLICE = 100;

    private ControllerRuntime runtime;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<EndpointSlice> slices;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private int maxPerSlice;
    /** service key -> names of slices created but not yet seen in the cache */
    private final Map<String, Set<String>> unseen = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "endpointslice";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        maxPerSlice = runtime.intSetting("max-endpoints-per-slice", DEFAULT_MAX_PER_SLICE);
        queue = runtime.newQueue();
        services = runtime.informers().of(Service.class);
        pods = runtime.informers().of(Pod.class);
        slices = runtime.informers().of(EndpointSlice.class);
        nodes = runtime.informers().of(io.fabric8.kubernetes.api.model.Node.class);
        services.addEventHandler(Handlers.enqueue(queue));
        slices.addEventHandler(Handlers.onAny(slice -> {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels != null && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL)) && labels.get(SERVICE_NAME) != null) {
                queue.add(Keys.of(slice.getMetadata().getNamespace(), labels.get(SERVICE_NAME)));
            }
        }));
        pods.addEventHandler(new ServiceQueueing(services, queue));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    Result reconcile(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        List<EndpointSlice> existing = slices.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(s -> s.getMetadata().getLabels() != null
                        && name.equals(s.getMetadata().getLabels().get(SERVICE_NAME))
                        && MANAGED_BY.equals(s.getMetadata().getLabels().get(MANAGED_BY_LABEL)))
                .toList();
        Set<String> pending = unseen.get(key);
        if (pending != null) {
            existing.forEach(s -> pending.remove(s.getMetadata().getName()));
            if (!pending.isEmpty()) {
                return Result.after(Duration.ofMillis(100));
            }
            unseen.remove(key);
        }
        Service service = services.getStore().getByKey(key);
        try {
            boolean externalName = service != null && "ExternalName".equals(service.getSpec().getType());
            if (service == null || externalName || !ServicePods.hasSelector(service)) {
                // Owner references let the garbage collector do this too; deleting here makes it prompt.
                if (service == null || externalName) {
                    for (EndpointSlice slice : existing) {
                        runtime.client().resource(slice).delete();
                    }
                }
                return Result.done();
            }
            List<Pod> backing = ServicePods.of(service, pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace), true);
            SlicePlan plan = SlicePlan.of(existing, DesiredSlices.of(service, backing, this::zoneOf), maxPerSlice, () -> template(service));
            for (EndpointSlice slice : plan.create()) {
                EndpointSlice created = runtime.client().resource(slice).create();
                unseen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(created.getMetadata().getName());
            }
            Set<String> touched = new java.util.HashSet<>();
            plan.update().forEach(s -> touched.add(s.getMetadata().getName()));
            plan.delete().forEach(s -> touched.add(s.getMetadata().getName()));
            for (EndpointSlice slice : plan.update()) {
                runtime.client().resource(withLabels(slice, service)).update();
            }
            for (EndpointSlice slice : existing) {
                EndpointSlice relabelled = withLabels(slice, service);
                if (!touched.contains(slice.getMetadata().getName())
                        && !SameContent.equal(relabelled.getMetadata().getLabels(), slice.getMetadata().getLabels())) {
                    runtime.client().resource(relabelled).update();
                }
            }
            for (EndpointSlice slice : plan.delete()) {
                runtime.client().resource(slice).delete();
            }
            return Result.done();
        } catch (KubernetesClientException e) {
            return Result.retry();
        }
    }

    private String zoneOf(String node) {
        var n = nodes.getStore().getByKey(node);
        return n == null || n.getMetadata().getLabels() == null ? null
                : n.getMetadata().getLabels().get("topology.kubernetes.io/zone");
    }

    private EndpointSlice template(Service service) {
        String prefix = service.getMetadata().getName();
        if (prefix.length() > 57) {
            prefix = prefix.substring(0, 57);
        }
        return withLabels(new EndpointSliceBuilder()
                .withNewMetadata().withGenerateName(prefix + "-").withNamespace(service.getMetadata().getNamespace())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withAddressType("IPv4")
                .build(), service);
    }

    /** A slice's labels: the service's own, headlessness, and the two that tie it to the service and to us. */
    private static EndpointSlice withLabels(EndpointSlice slice, Service service) {
        Map<String, String> labels = new LinkedHashMap<>(Subsets.labels(service));
        labels.put(SERVICE_NAME, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return new EndpointSliceBuilder(slice).editMetadata().withLabels(labels).endMetadata().build();
    }

    @Override
    public void run() {
        loop.start(2);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
