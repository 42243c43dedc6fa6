package io.timonel.plugins.controllers.quota;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Durations;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SameContent;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Kubernetes' resource quota controller: each ResourceQuota's {@code status.hard} is its
 * {@code spec.hard}, and {@code status.used} what the namespace's objects charge ({@link Usage})
 * for each resource named there, recounted whenever pods, services, claims, config maps, secrets,
 * replication controllers or quotas of the namespace change, and every
 * {@code resource-quota-sync-period} (30s by default; Kubernetes' is 5m but it also watches every
 * counted type) for {@code count/<resource>.<group>} of other types, which are listed through the API.
 *
 * <p>The ResourceQuota admission plugin refuses creates over quota from its own count; this loop
 * only reports, and so also corrects what admission charged for objects deleted since.
 */
public final class ResourceQuotaLoop implements ControlLoop {
    private static final Map<String, String> WATCHED_COUNTS = Map.of(
            "count/pods", "", "count/services", "", "count/persistentvolumeclaims", "", "count/configmaps", "",
            "count/secrets", "", "count/replicationcontrollers", "", "count/resourcequotas", "");

    private ControllerRuntime runtime;
    private SharedIndexInformer<ResourceQuota> quotas;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private SharedIndexInformer<ReplicationController> replicationControllers;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private Duration period;

    @Override
    public String name() {
        return "resourcequota";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        period = Durations.setting(runtime.settings(), "resource-quota-sync-period", Duration.ofSeconds(30));
        queue = runtime.newQueue();
        quotas = runtime.informers().of(ResourceQuota.class);
        pods = runtime.informers().of(Pod.class);
        services = runtime.informers().of(Service.class);
        claims = runtime.informers().of(PersistentVolumeClaim.class);
        configMaps = runtime.informers().of(ConfigMap.class);
        secrets = runtime.informers().of(Secret.class);
        replicationControllers = runtime.informers().of(ReplicationController.class);
        quotas.addEventHandler(Handlers.onAny(q -> wake(q.getMetadata().getNamespace())));
        pods.addEventHandler(wakeNamespace());
        services.addEventHandler(wakeNamespace());
        claims.addEventHandler(wakeNamespace());
        configMaps.addEventHandler(wakeNamespace());
        secrets.addEventHandler(wakeNamespace());
        replicationControllers.addEventHandler(wakeNamespace());
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> wakeNamespace() {
        return Handlers.onAny(o -> wake(o.getMetadata().getNamespace()));
    }

    private void wake(String namespace) {
        if (namespace != null) {
            quotas.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).forEach(q -> queue.add(Keys.of(q)));
        }
    }

    Result reconcile(String key) {
        ResourceQuota quota = quotas.getStore().getByKey(key);
        if (quota == null) {
            return Result.done();
        }
        String ns = Keys.namespace(key);
        Map<String, Quantity> hard = quota.getSpec() == null || quota.getSpec().getHard() == null ? Map.of()
                : quota.getSpec().getHard();
        Map<String, Quantities> used = new TreeMap<>();
        Instant now = runtime.clock().instant();
        Predicate<Pod> inScope = Scopes.pods(quota);
        for (Pod pod : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
            if (Usage.charges(pod, now) && inScope.test(pod)) {
                Usage.addInto(used, Usage.of(pod));
            }
        }
        if (!Scopes.isScoped(quota)) {
            services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).forEach(s -> Usage.addInto(used, Usage.of(s)));
            claims.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).forEach(c -> Usage.addInto(used, Usage.of(c)));
            count(used, "configmaps", configMaps, ns);
            count(used, "secrets", secrets, ns);
            count(used, "replicationcontrollers", replicationControllers, ns);
            count(used, "resourcequotas", quotas, ns);
            for (String resource : hard.keySet()) {
                if (resource.startsWith("count/") && !WATCHED_COUNTS.containsKey(resource)) {
                    try {
                        used.put(resource, new Quantities(BigDecimal.valueOf(listCount(resource.substring(6), ns)), false));
                    } catch (KubernetesClientException e) {
                        // not a served resource (yet): counts as none, like a type without a quota evaluator
                    }
                }
            }
        }
        Map<String, Quantity> usedStatus = new LinkedHashMap<>();
        new TreeMap<>(hard).keySet().forEach(r -> usedStatus.put(r, new Quantity(used.getOrDefault(r, Quantities.ZERO).format())));
        ResourceQuotaStatus status = new ResourceQuotaStatus(new LinkedHashMap<>(hard), usedStatus);
        if (!sameStatus(quota.getStatus(), status)) {
            try {
                runtime.client().resourceQuotas().resource(new ResourceQuotaBuilder(quota).withStatus(status).build())
                        .updateStatus();
            } catch (KubernetesClientException e) {
                return e.getCode() == 404 ? Result.done() : Result.retry();
            }
        }
        return Result.after(period);
    }

    /** Statuses compare by the quantities they state, not by how they are spelled. */
    private static boolean sameStatus(ResourceQuotaStatus current, ResourceQuotaStatus desired) {
        if (current == null) {
            return false;
        }
        return sameList(current.getHard(), desired.getHard()) && sameList(current.getUsed(), desired.getUsed());
    }

    private static boolean sameList(Map<String, Quantity> a, Map<String, Quantity> b) {
        if (a == null || b == null || !a.keySet().equals(b.keySet())) {
            return a == b || SameContent.equal(a, b);
        }
        for (String k : a.keySet()) {
            var x = Quantities.parse(a.get(k).toString());
            var y = Quantities.parse(b.get(k).toString());
            if (x.isEmpty() || y.isEmpty() || x.get().value().compareTo(y.get().value()) != 0
                    || !a.get(k).toString().equals(b.get(k).toString())) {
                return false;
            }
        }
        return true;
    }

    private static <T extends HasMetadata> void count(Map<String, Quantities> used, String resource,
                                                       SharedIndexInformer<T> informer, String ns) {
        int n = informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).size();
        Quantities q = new Quantities(BigDecimal.valueOf(n), false);
        used.put(resource, q);
        used.put("count/" + resource, q);
    }

    /** How many objects of {@code resource[.group]} the namespace holds, listed through the API. */
    private int listCount(String resourceAndGroup, String ns) {
        int dot = resourceAndGroup.indexOf('.');
        String plural = dot < 0 ? resourceAndGroup : resourceAndGroup.substring(0, dot);
        String group = dot < 0 ? "" : resourceAndGroup.substring(dot + 1);
        String version = "v1";
        if (!group.isEmpty()) {
            APIGroup api = runtime.client().getApiGroup(group);
            if (api == null || api.getPreferredVersion() == null) {
                return 0;
            }
            version = api.getPreferredVersion().getVersion();
        }
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withPlural(plural).withNamespaced(true).build();
        return runtime.client().genericKubernetesResources(context).inNamespace(ns).list().getItems().size();
    }

    @Override
    public void run() {
        loop.start(1);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
