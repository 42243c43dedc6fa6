package io.timonel.plugins.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventRecorder;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.LabelSelectors;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SameContent;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' disruption controller, status part: keeps each PodDisruptionBudget's
 * {@code currentHealthy}, {@code desiredHealthy}, {@code expectedPods}, {@code disruptionsAllowed},
 * {@code observedGeneration} and the condition {@code DisruptionAllowed} (SufficientPods,
 * InsufficientPods, or SyncFailed when a pod's controller cannot be found) as {@link BudgetStatus}
 * computes them. The queue holds budget keys; pods and the scale of workloads wake the budgets of
 * their namespace. The eviction API, which consumes this status, is the API server's business.
 */
public final class DisruptionLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private EventRecorder events;
    private SharedIndexInformer<PodDisruptionBudget> budgets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<ReplicationController> replicationControllers;
    private WorkQueue queue;
    private ReconcileLoop loop;

    @Override
    public String name() {
        return "disruption";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        events = runtime.events("controllermanager");
        queue = runtime.newQueue();
        budgets = runtime.informers().of(PodDisruptionBudget.class);
        pods = runtime.informers().of(Pod.class);
        replicaSets = runtime.informers().of(ReplicaSet.class);
        deployments = runtime.informers().of(Deployment.class);
        statefulSets = runtime.informers().of(StatefulSet.class);
        replicationControllers = runtime.informers().of(ReplicationController.class);
        budgets.addEventHandler(Handlers.enqueue(queue));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                wake(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (!Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                    wake(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), old.getMetadata().getLabels());
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                wake(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
            }
        });
        replicaSets.addEventHandler(wakeNamespace());
        deployments.addEventHandler(wakeNamespace());
        statefulSets.addEventHandler(wakeNamespace());
        replicationControllers.addEventHandler(wakeNamespace());
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> wakeNamespace() {
        return Handlers.onAny(o -> budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, o.getMetadata().getNamespace())
                .forEach(b -> queue.add(Keys.of(b))));
    }

    private void wake(String namespace, Map<String, String> labels, Map<String, String> oldLabels) {
        for (PodDisruptionBudget b : budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            var selects = LabelSelectors.of(b.getSpec().getSelector());
            if (selects.test(labels) || (oldLabels != null && selects.test(oldLabels))) {
                queue.add(Keys.of(b));
            }
        }
    }

    Result reconcile(String key) {
        PodDisruptionBudget pdb = budgets.getStore().getByKey(key);
        if (pdb == null) {
            return Result.done();
        }
        var selects = LabelSelectors.of(pdb.getSpec().getSelector());
        List<Pod> matched = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, Keys.namespace(key)).stream()
                .filter(p -> selects.test(p.getMetadata().getLabels())).toList();
        PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        Map<String, String> disrupted = BudgetStatus.pendingDisruptions(old.getDisruptedPods(), matched,
                runtime.clock().instant());
        BudgetStatus.Outcome outcome = BudgetStatus.of(pdb, matched, this::scaleOf, disrupted.keySet());
        PodDisruptionBudgetStatusBuilder status = new PodDisruptionBudgetStatusBuilder(old)
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withDisruptedPods(disrupted.isEmpty() ? null : disrupted);
        Condition condition;
        if (outcome instanceof BudgetStatus.Computed computed) {
            BudgetStatus s = computed.status();
            status.withExpectedPods(s.expectedPods()).withDesiredHealthy(s.desiredHealthy())
                    .withCurrentHealthy(s.currentHealthy()).withDisruptionsAllowed(s.disruptionsAllowed());
            condition = condition(pdb, s.disruptionsAllowed() > 0 ? "True" : "False",
                    s.disruptionsAllowed() > 0 ? "SufficientPods" : "InsufficientPods", "");
            if (!s.unmanagedPods().isEmpty()) {
                events.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
                        + selectorText(pdb) + ") were found to be unmanaged. As a result, the status of the PDB cannot "
                        + "be calculated correctly, which may result in undefined behavior. To account for these pods "
                        + "please set \".spec.minAvailable\" field of the PDB to an integer value.");
            }
        } else {
            String reason = ((BudgetStatus.Failed) outcome).reason();
            status.withDisruptionsAllowed(0);
            condition = condition(pdb, "False", "SyncFailed", reason);
            events.warning(pdb, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + reason);
        }
        status.withConditions(List.of(condition));
        PodDisruptionBudgetStatus desired = status.build();
        if (SameContent.equal(desired, pdb.getStatus())) {
            return disrupted.isEmpty() ? Result.done() : Result.after(BudgetStatus.DISRUPTION_TIMEOUT);
        }
        try {
            runtime.client().policy().v1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder(pdb)
                    .withStatus(desired).build()).updateStatus();
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
        return Result.done();
    }

    /** The condition, keeping its transition time while its status stays the same. */
    private Condition condition(PodDisruptionBudget pdb, String status, String reason, String message) {
        Optional<Condition> old = pdb.getStatus() == null || pdb.getStatus().getConditions() == null ? Optional.empty()
                : pdb.getStatus().getConditions().stream().filter(c -> "DisruptionAllowed".equals(c.getType())).findFirst();
        String time = old.filter(c -> status.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(runtime.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return new ConditionBuilder().withType("DisruptionAllowed").withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(pdb.getMetadata().getGeneration())
                .withLastTransitionTime(time).build();
    }

    private static String selectorText(PodDisruptionBudget pdb) {
        var s = pdb.getSpec().getSelector();
        return s == null ? "nil" : "&LabelSelector{MatchLabels:" + s.getMatchLabels() + ",MatchExpressions:[]}";
    }

    /** The scale a pod's controller declares, Deployments standing for their ReplicaSets. */
    private Optional<BudgetStatus.Scale> scaleOf(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref == null) {
            return Optional.empty();
        }
        String ns = pod.getMetadata().getNamespace();
        switch (ref.getKind()) {
            case "ReplicaSet" -> {
                ReplicaSet rs = replicaSets.getStore().getByKey(Keys.of(ns, ref.getName()));
                if (rs == null || !rs.getMetadata().getUid().equals(ref.getUid())) {
                    return Optional.empty();
                }
                Optional<OwnerReference> owner = Owners.controllerOf(rs).filter(o -> "Deployment".equals(o.getKind()));
                if (owner.isPresent()) {
                    Deployment d = deployments.getStore().getByKey(Keys.of(ns, owner.get().getName()));
                    return d == null ? Optional.empty()
                            : Optional.of(new BudgetStatus.Scale(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas())));
                }
                return Optional.of(new BudgetStatus.Scale(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas())));
            }
            case "StatefulSet" -> {
                StatefulSet s = statefulSets.getStore().getByKey(Keys.of(ns, ref.getName()));
                return s == null ? Optional.empty()
                        : Optional.of(new BudgetStatus.Scale(s.getMetadata().getUid(), replicas(s.getSpec().getReplicas())));
            }
            case "ReplicationController" -> {
                ReplicationController rc = replicationControllers.getStore().getByKey(Keys.of(ns, ref.getName()));
                return rc == null ? Optional.empty()
                        : Optional.of(new BudgetStatus.Scale(rc.getMetadata().getUid(), replicas(rc.getSpec().getReplicas())));
            }
            default -> {
                // any other workload that serves /scale (a custom resource, for one)
                try {
                    var scale = runtime.client().genericKubernetesResources(ref.getApiVersion(), ref.getKind())
                            .inNamespace(ns).withName(ref.getName()).scale();
                    return scale == null || scale.getSpec() == null ? Optional.empty()
                            : Optional.of(new BudgetStatus.Scale(ref.getUid(), replicas(scale.getSpec().getReplicas())));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
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
