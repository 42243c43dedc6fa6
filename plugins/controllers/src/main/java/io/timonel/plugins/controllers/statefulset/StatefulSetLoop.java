package io.timonel.plugins.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRevisions;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventSpamFilter;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.OwnershipClaims;
import io.timonel.plugins.controllers.kit.PodStates;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SelectorMatch;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs StatefulSets as Kubernetes' StatefulSet controller: pods with stable names and claims,
 * created in ordinal order each waiting for the previous to be Running and Ready (OrderedReady) or
 * all at once (Parallel), removed from the highest ordinal down, and updated by revision: with
 * RollingUpdate, from the highest ordinal down to the partition, one pod at a time once the others
 * are ready; with OnDelete, only as pods are deleted by someone else.
 */
public final class StatefulSetLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private SharedIndexInformer<StatefulSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ControllerRevision> revisions;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventSpamFilter events;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        events = new EventSpamFilter(runtime.events("statefulset-controller"), runtime.clock());
        sets = runtime.informers().of(StatefulSet.class);
        pods = runtime.informers().of(Pod.class);
        revisions = runtime.informers().of(ControllerRevision.class);
        claims = runtime.informers().of(PersistentVolumeClaim.class);
        sets.addEventHandler(Handlers.enqueue(queue));
        pods.addEventHandler(Handlers.onAny(pod -> {
            var ref = Owners.controllerOf(pod);
            if (ref.isPresent()) {
                if ("StatefulSet".equals(ref.get().getKind())) {
                    queue.add(Keys.of(pod.getMetadata().getNamespace(), ref.get().getName()));
                }
                return;
            }
            for (StatefulSet set : sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
                if (selects(set, pod.getMetadata().getLabels())) {
                    queue.add(Keys.of(set));
                }
            }
        }));
        revisions.addEventHandler(Handlers.enqueueController(queue, "StatefulSet"));
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private static boolean selects(StatefulSet set, java.util.Map<String, String> labels) {
        var selector = set.getSpec().getSelector();
        return !SelectorMatch.isEmpty(selector) && SelectorMatch.matches(selector, labels);
    }

    private static int start(StatefulSet set) {
        return set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null ? 0
                : set.getSpec().getOrdinals().getStart();
    }

    private static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ControllerRevisions.HASH_LABEL);
    }

    private static int minReady(StatefulSet set) {
        return set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    }

    Result reconcile(String key) {
        StatefulSet set = sets.getStore().getByKey(key);
        if (set == null || SelectorMatch.isEmpty(set.getSpec().getSelector())) {
            return Result.done();
        }
        String ns = set.getMetadata().getNamespace();
        try {
            List<Pod> owned = OwnershipClaims.claim(runtime.client(), set, Owners.controllerRef(set),
                    p -> selects(set, p.getMetadata().getLabels())
                            && StatefulPods.ordinal(set.getMetadata().getName(), p.getMetadata().getName()) >= 0,
                    pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
            List<ControllerRevision> history = OwnershipClaims.claim(runtime.client(), set, Owners.controllerRef(set),
                    r -> selects(set, r.getMetadata().getLabels()),
                    revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
            Integer collisions = set.getStatus() == null ? null : set.getStatus().getCollisionCount();
            RevisionHistory.Update update = RevisionHistory.ensure(runtime.client(), set, set.getSpec().getTemplate(),
                    history, collisions);
            ControllerRevision updateRevision = update.revision();
            String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
            ControllerRevision currentRevision = history.stream()
                    .filter(r -> r.getMetadata().getName().equals(currentName)).findFirst().orElse(updateRevision);

            Result result = converge(set, owned, currentRevision, updateRevision);

            StatefulSetStatus status = status(set, owned, currentRevision, updateRevision, update.collisionCount());
            if (!sameStatus(status, set.getStatus())) {
                runtime.client().apps().statefulSets().inNamespace(ns)
                        .resource(new StatefulSetBuilder(set).withStatus(status).build()).updateStatus();
            }
            Set<String> live = new HashSet<>();
            live.add(status.getCurrentRevision());
            live.add(status.getUpdateRevision());
            owned.stream().map(StatefulSetLoop::revisionOf).filter(Objects::nonNull).forEach(live::add);
            int limit = set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
            RevisionHistory.truncate(runtime.client(), history, live, limit);
            return result;
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
    }

    /** One step towards the declared pods; returns when to look again. */
    private Result converge(StatefulSet set, List<Pod> owned, ControllerRevision current, ControllerRevision update) {
        int replicaCount = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int start = start(set);
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        Pod[] replicas = new Pod[replicaCount];
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : owned) {
            int ord = StatefulPods.ordinal(set.getMetadata().getName(), pod.getMetadata().getName());
            if (ord >= start && ord < start + replicaCount) {
                replicas[ord - start] = pod;
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt(
                (Pod p) -> StatefulPods.ordinal(set.getMetadata().getName(), p.getMetadata().getName())).reversed());
        boolean rolling = set.getSpec().getUpdateStrategy() == null || set.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(set.getSpec().getUpdateStrategy().getType());
        Integer partition = !rolling || set.getSpec().getUpdateStrategy().getRollingUpdate() == null ? null
                : set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
        int currentReplicas = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0
                : set.getStatus().getCurrentReplicas();
        Result waitForReady = minReady(set) > 0 ? Result.after(Duration.ofSeconds(minReady(set))) : Result.done();

        for (int i = 0; i < replicaCount; i++) {
            int ord = start + i;
            Pod pod = replicas[i];
            if (pod != null && !PodStates.isTerminating(pod)
                    && ("Failed".equals(PodStates.phase(pod)) || "Succeeded".equals(PodStates.phase(pod)))) {
                deletePod(set, pod);
                if (monotonic) {
                    return Result.done();
                }
                continue;
            }
            if (pod == null) {
                boolean atCurrent = rolling && current != update
                        && (partition == null ? i < currentReplicas : ord < start + partition);
                ControllerRevision revision = atCurrent ? current : update;
                createPod(set, ord, revision);
                if (monotonic) {
                    return Result.done();
                }
                continue;
            }
            ensureClaims(set, ord);
            if (monotonic && PodStates.isTerminating(pod)) {
                return Result.done();
            }
            if (monotonic && !healthy(set, pod)) {
                return PodStates.isRunningAndReady(pod) ? waitForReady : Result.done();
            }
        }
        for (Pod pod : condemned) {
            if (PodStates.isTerminating(pod)) {
                if (monotonic) {
                    return Result.done();
                }
                continue;
            }
            if (monotonic && !PodStates.isRunningAndReady(pod) && pod != firstUnhealthy(condemned)) {
                return Result.done();
            }
            deletePod(set, pod);
            if (monotonic) {
                return Result.done();
            }
        }
        if (!rolling) {
            return Result.done();
        }
        int updateMin = partition == null ? 0 : Math.min(partition, replicaCount);
        for (int i = replicaCount - 1; i >= updateMin; i--) {
            Pod pod = replicas[i];
            if (pod == null) {
                return Result.done();
            }
            if (!update.getMetadata().getName().equals(revisionOf(pod)) && !PodStates.isTerminating(pod)) {
                deletePod(set, pod);
                return Result.done();
            }
            if (!healthy(set, pod)) {
                return PodStates.isRunningAndReady(pod) ? waitForReady : Result.done();
            }
        }
        return Result.done();
    }

    private static Pod firstUnhealthy(List<Pod> condemned) {
        return condemned.stream().filter(p -> !PodStates.isRunningAndReady(p)).findFirst().orElse(null);
    }

    private boolean healthy(StatefulSet set, Pod pod) {
        return PodStates.isRunningAndReady(pod)
                && PodStates.isAvailable(pod, minReady(set), runtime.clock().instant());
    }

    private void ensureClaims(StatefulSet set, int ordinal) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, ordinal)) {
            if (claims.getStore().getByKey(Keys.of(claim)) != null) {
                continue;
            }
            try {
                runtime.client().persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                        .resource(claim).create();
                events.normal(set, "SuccessfulCreate", "create Claim " + claim.getMetadata().getName() + " Pod "
                        + StatefulPods.podName(set, ordinal) + " in StatefulSet " + set.getMetadata().getName()
                        + " success");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(set, "FailedCreate", "create Claim " + claim.getMetadata().getName() + " for Pod "
                            + StatefulPods.podName(set, ordinal) + " in StatefulSet " + set.getMetadata().getName()
                            + " failed error: " + e.getMessage());
                    throw e;
                }
            }
        }
    }

    private void createPod(StatefulSet set, int ordinal, ControllerRevision revision) {
        ensureClaims(set, ordinal);
        PodTemplateSpec template = ControllerRevisions.template(revision);
        Pod pod = StatefulPods.newPod(set, template, ordinal, revision.getMetadata().getName());
        try {
            runtime.client().pods().inNamespace(set.getMetadata().getNamespace()).resource(pod).create();
            events.normal(set, "SuccessfulCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName() + " successful");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                events.warning(set, "FailedCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                        + set.getMetadata().getName() + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private void deletePod(StatefulSet set, Pod pod) {
        var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        int replicaCount = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int ord = StatefulPods.ordinal(set.getMetadata().getName(), pod.getMetadata().getName());
        if (policy != null && "Delete".equals(policy.getWhenScaled()) && ord >= start(set) + replicaCount) {
            // the claim goes with the pod once the pod is gone
            for (PersistentVolumeClaim claim : StatefulPods.claims(set, ord)) {
                PersistentVolumeClaim there = claims.getStore().getByKey(Keys.of(claim));
                if (there != null) {
                    var ref = Owners.controllerRef(pod);
                    ref.setController(false);
                    OwnershipClaims.adopt(runtime.client(), there, ref);
                }
            }
        }
        try {
            runtime.client().pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).delete();
            events.normal(set, "SuccessfulDelete", "delete Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName() + " successful");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    StatefulSetStatus status(StatefulSet set, List<Pod> owned, ControllerRevision current, ControllerRevision update,
                             Integer collisionCount) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int currentReplicas = 0;
        int updatedReplicas = 0;
        var now = runtime.clock().instant();
        for (Pod pod : owned) {
            replicas++;
            if (PodStates.isRunningAndReady(pod)) {
                ready++;
                if (PodStates.isAvailable(pod, minReady(set), now)) {
                    available++;
                }
            }
            if (!PodStates.isTerminating(pod)) {
                String revision = revisionOf(pod);
                if (current.getMetadata().getName().equals(revision)) {
                    currentReplicas++;
                }
                if (update.getMetadata().getName().equals(revision)) {
                    updatedReplicas++;
                }
            }
        }
        String currentName = current.getMetadata().getName();
        boolean rolling = set.getSpec().getUpdateStrategy() == null || set.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(set.getSpec().getUpdateStrategy().getType());
        if (rolling && updatedReplicas == replicas && ready == replicas) {
            currentName = update.getMetadata().getName();
            currentReplicas = updatedReplicas;
        }
        return new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(available)
                .withCurrentReplicas(currentReplicas).withUpdatedReplicas(updatedReplicas)
                .withCurrentRevision(currentName).withUpdateRevision(update.getMetadata().getName())
                .withCollisionCount(collisionCount)
                .withConditions(set.getStatus() == null ? null : set.getStatus().getConditions())
                .build();
    }

    static boolean sameStatus(StatefulSetStatus a, StatefulSetStatus b) {
        if (b == null) {
            return false;
        }
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && n(a.getReplicas()) == n(b.getReplicas()) && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && n(a.getCurrentReplicas()) == n(b.getCurrentReplicas())
                && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas())
                && Objects.equals(a.getCurrentRevision(), b.getCurrentRevision())
                && Objects.equals(a.getUpdateRevision(), b.getUpdateRevision())
                && Objects.equals(a.getCollisionCount(), b.getCollisionCount());
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
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
