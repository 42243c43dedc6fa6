package io.timonel.plugins.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventSpamFilter;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.OwnershipClaims;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SelectorMatch;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rolls Deployments out through ReplicaSets, as Kubernetes' deployment controller: one
 * ReplicaSet per pod template ({@code <name>-<pod-template-hash>}), scaled by the RollingUpdate
 * or Recreate strategy, with revisions, history clean-up, pause and the progress conditions that
 * {@code kubectl rollout status} reads. See {@link DeploymentSync} for one sync.
 */
public final class DeploymentLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventSpamFilter events;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        events = new EventSpamFilter(runtime.events("deployment-controller"), runtime.clock());
        deployments = runtime.informers().of(Deployment.class);
        replicaSets = runtime.informers().of(ReplicaSet.class);
        pods = runtime.informers().of(Pod.class);
        deployments.addEventHandler(Handlers.enqueue(queue));
        replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                enqueueFor(rs);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                if (old.getMetadata().getResourceVersion().equals(rs.getMetadata().getResourceVersion())) {
                    return;
                }
                String before = deploymentKey(old);
                if (before != null && !before.equals(deploymentKey(rs))) {
                    queue.add(before);
                }
                enqueueFor(rs);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                String key = deploymentKey(rs);
                if (key != null) {
                    queue.add(key);
                }
            }
        });
        // Recreate waits for old pods to be gone
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                Owners.controllerOf(pod).filter(ref -> "ReplicaSet".equals(ref.getKind())).ifPresent(ref -> {
                    ReplicaSet rs = replicaSets.getStore().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName()));
                    String key = rs == null ? null : deploymentKey(rs);
                    if (key != null) {
                        Deployment d = deployments.getStore().getByKey(key);
                        if (d != null && !RolloutMath.isRollingUpdate(d)) {
                            queue.add(key);
                        }
                    }
                });
            }
        });
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private static String deploymentKey(ReplicaSet rs) {
        return Owners.controllerOf(rs).filter(ref -> "Deployment".equals(ref.getKind()))
                .map(ref -> Keys.of(rs.getMetadata().getNamespace(), ref.getName())).orElse(null);
    }

    private void enqueueFor(ReplicaSet rs) {
        String key = deploymentKey(rs);
        if (key != null) {
            queue.add(key);
            return;
        }
        if (Owners.controllerOf(rs).isPresent()) {
            return;
        }
        for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
            if (selects(d, rs.getMetadata().getLabels())) {
                queue.add(Keys.of(d));
            }
        }
    }

    private static boolean selects(Deployment d, Map<String, String> labels) {
        var selector = d.getSpec().getSelector();
        return !SelectorMatch.isEmpty(selector) && SelectorMatch.matches(selector, labels);
    }

    Result reconcile(String key) {
        Deployment d = deployments.getStore().getByKey(key);
        if (d == null) {
            return Result.done();
        }
        if (SelectorMatch.isEmpty(d.getSpec().getSelector())) {
            if (d.getMetadata().getGeneration() != null
                    && !d.getMetadata().getGeneration().equals(d.getStatus() == null ? null
                    : d.getStatus().getObservedGeneration())) {
                events.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            }
            return Result.done();
        }
        String ns = d.getMetadata().getNamespace();
        List<ReplicaSet> owned = OwnershipClaims.claim(runtime.client(), d, Owners.controllerRef(d),
                rs -> selects(d, rs.getMetadata().getLabels()),
                replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
        Map<String, List<Pod>> podsByRs = Map.of();
        if (!RolloutMath.isRollingUpdate(d)) {
            Set<String> uids = owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
            podsByRs = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).stream()
                    .filter(p -> Owners.controllerOf(p).map(r -> uids.contains(r.getUid())).orElse(false))
                    .collect(Collectors.groupingBy(p -> Owners.controllerOf(p).get().getUid()));
        }
        try {
            return new DeploymentSync(runtime.client(), events, runtime.clock(), d, owned, podsByRs).run();
        } catch (KubernetesClientException e) {
            // 409: our cache was behind; the events that follow our own writes bring us back
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
    }

    @Override
    public void run() {
        loop.start(4);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
