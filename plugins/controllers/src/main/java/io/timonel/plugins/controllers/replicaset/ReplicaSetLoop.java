package io.timonel.plugins.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerExpectations;
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
import io.timonel.plugins.controllers.kit.SlowStart;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps {@code spec.replicas} pods of a ReplicaSet (or ReplicationController) alive, as
 * Kubernetes' ReplicaSet controller: creates missing pods from the template in slow-start batches,
 * deletes surplus ones in {@link DeletionRank} order, adopts matching orphans and releases owned
 * pods that stopped matching, and reports replicas, fully labeled, ready and available counts.
 * {@link ControllerExpectations} hold an owner still while its own creations and deletions are not
 * yet in the informer.
 *
 * @param <T> ReplicaSet or ReplicationController
 */
public final class ReplicaSetLoop<T extends HasMetadata> implements ControlLoop {
    /** At most this many pods are created or deleted per sync, as Kubernetes' burstReplicas. */
    static final int BURST = 500;

    private final ReplicaKind<T> kind;
    private ControllerRuntime runtime;
    private SharedIndexInformer<T> owners;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private ControllerExpectations expectations;
    private EventSpamFilter events;
    private ExecutorService writers;

    public ReplicaSetLoop(ReplicaKind<T> kind) {
        this.kind = kind;
    }

    /** The ReplicaSet loop. */
    public static ReplicaSetLoop<ReplicaSet> replicaSets() {
        return new ReplicaSetLoop<>(ReplicaKind.replicaSets());
    }

    /** The ReplicationController loop. */
    public static ReplicaSetLoop<io.fabric8.kubernetes.api.model.ReplicationController> replicationControllers() {
        return new ReplicaSetLoop<>(ReplicaKind.replicationControllers());
    }

    @Override
    public String name() {
        return kind.loopName();
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        expectations = new ControllerExpectations(runtime.clock());
        events = new EventSpamFilter(runtime.events(kind.component()), runtime.clock());
        owners = runtime.informers().of(kind.type());
        pods = runtime.informers().of(Pod.class);
        owners.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                queue.add(Keys.of(obj));
            }

            @Override
            public void onUpdate(T old, T obj) {
                queue.add(Keys.of(obj));
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                expectations.forget(Keys.of(obj));
                queue.add(Keys.of(obj));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (PodStates.isTerminating(pod)) {
                    podGone(pod);
                    return;
                }
                String owner = ownerKey(pod);
                if (owner != null) {
                    expectations.creationObserved(owner);
                    queue.add(owner);
                } else if (Owners.controllerOf(pod).isEmpty()) {
                    enqueueMatching(pod);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                    return;
                }
                if (PodStates.isTerminating(pod) && !PodStates.isTerminating(old)) {
                    podGone(pod);
                }
                String oldOwner = ownerKey(old);
                String owner = ownerKey(pod);
                if (oldOwner != null && !oldOwner.equals(owner)) {
                    queue.add(oldOwner);
                }
                if (owner != null) {
                    queue.add(owner);
                } else if (Owners.controllerOf(pod).isEmpty()
                        && (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                        || oldOwner != null)) {
                    enqueueMatching(pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                podGone(pod);
            }
        });
        writers = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, kind.loopName() + "-writes");
            t.setDaemon(true);
            return t;
        });
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private void podGone(Pod pod) {
        String owner = ownerKey(pod);
        if (owner != null) {
            expectations.deletionObserved(owner, pod.getMetadata().getUid());
            queue.add(owner);
        }
    }

    /** The key of the pod's controller when it is of this loop's kind. */
    private String ownerKey(Pod pod) {
        String kindName = kind.kind();
        return Owners.controllerOf(pod).filter(ref -> kindName.equals(ref.getKind()))
                .map(ref -> Keys.of(pod.getMetadata().getNamespace(), ref.getName())).orElse(null);
    }

    private void enqueueMatching(Pod pod) {
        for (T owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            ReplicaSet rs = kind.view(owner);
            if (selects(rs, pod)) {
                queue.add(Keys.of(owner));
            }
        }
    }

    private static boolean selects(ReplicaSet rs, Pod pod) {
        var selector = rs.getSpec().getSelector();
        return !SelectorMatch.isEmpty(selector) && SelectorMatch.matches(selector, pod.getMetadata().getLabels());
    }

    Result reconcile(String key) {
        T owner = owners.getStore().getByKey(key);
        if (owner == null) {
            expectations.forget(key);
            return Result.done();
        }
        ReplicaSet rs = kind.view(owner);
        boolean needsSync = expectations.satisfied(key) && rs.getMetadata().getDeletionTimestamp() == null;
        List<Pod> active = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())
                .stream().filter(PodStates::isActive).toList();
        OwnerReference ref = kind.controllerRef(owner);
        List<Pod> claimed = OwnershipClaims.claim(runtime.client(), owner, ref, p -> selects(rs, p), active);
        String failure = null;
        String failureReason = null;
        if (needsSync) {
            int diff = claimed.size() - replicas(rs);
            if (diff < 0) {
                failure = create(key, owner, rs, ref, Math.min(-diff, BURST));
                failureReason = "FailedCreate";
            } else if (diff > 0) {
                failure = delete(key, owner, DeletionRank.victims(claimed, Math.min(diff, BURST)));
                failureReason = "FailedDelete";
            }
        }
        ReplicaSetStatus status = status(rs, claimed, failure, failureReason, runtime.clock().instant());
        if (!sameStatus(status, rs.getStatus())) {
            try {
                kind.writeStatus(runtime.client(), owner, status);
            } catch (KubernetesClientException e) {
                return e.getCode() == 404 ? Result.done() : Result.retry();
            }
        }
        if (failure != null) {
            return Result.retry();
        }
        int minReady = minReadySeconds(rs);
        if (minReady > 0 && status.getReadyReplicas() > status.getAvailableReplicas()) {
            return Result.after(Duration.ofSeconds(minReady).plusMillis(200));
        }
        return Result.done();
    }

    private String create(String key, T owner, ReplicaSet rs, OwnerReference ref, int count) {
        expectations.expectCreations(key, count);
        SlowStart.Outcome outcome = SlowStart.run(count, 1, writers, i -> {
            Pod pod = podFromTemplate(rs.getSpec().getTemplate(), rs.getMetadata().getNamespace(),
                    rs.getMetadata().getName() + "-", ref);
            Pod created = runtime.client().pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).create();
            events.normal(owner, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return true;
        });
        for (int i = outcome.succeeded(); i < count; i++) {
            expectations.creationObserved(key);
        }
        if (outcome.firstError() != null) {
            String message = message(outcome.firstError());
            events.warning(owner, "FailedCreate", "Error creating: " + message);
            return message;
        }
        return null;
    }

    private String delete(String key, T owner, List<Pod> victims) {
        expectations.expectDeletions(key, victims.stream().map(p -> p.getMetadata().getUid()).toList());
        AtomicInteger failed = new AtomicInteger();
        String[] first = new String[1];
        SlowStart.Outcome outcome = SlowStart.run(victims.size(), victims.size(), writers, i -> {
            Pod pod = victims.get(i);
            try {
                runtime.client().pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).delete();
                events.normal(owner, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, pod.getMetadata().getUid());
                if (e.getCode() != 404) {
                    failed.incrementAndGet();
                    synchronized (first) {
                        first[0] = first[0] == null ? message(e) : first[0];
                    }
                }
            }
            return true;
        });
        if (first[0] != null) {
            events.warning(owner, "FailedDelete", "Error deleting: " + first[0]);
        }
        return outcome.firstError() != null ? message(outcome.firstError()) : first[0];
    }

    private static String message(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** A pod built from {@code template}, as Kubernetes' GetPodFromTemplate. */
    public static Pod podFromTemplate(PodTemplateSpec template, String namespace, String generateName,
                                      OwnerReference ref) {
        var meta = template.getMetadata();
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(generateName)
                .withNamespace(namespace)
                .withLabels(meta == null || meta.getLabels() == null ? null : new HashMap<>(meta.getLabels()))
                .withAnnotations(meta == null || meta.getAnnotations() == null ? null : new HashMap<>(meta.getAnnotations()))
                .withFinalizers(meta == null || meta.getFinalizers() == null ? null : new ArrayList<>(meta.getFinalizers()))
                .withOwnerReferences(ref)
                .endMetadata()
                .withSpec(new PodBuilder().withSpec(template.getSpec()).build().getSpec())
                .build();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static int minReadySeconds(ReplicaSet rs) {
        return rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    }

    /** The status a ReplicaSet reports over its claimed active pods, as Kubernetes' calculateStatus. */
    static ReplicaSetStatus status(ReplicaSet rs, List<Pod> claimed, String failure, String failureReason,
                                   Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        int minReady = minReadySeconds(rs);
        for (Pod pod : claimed) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (PodStates.isReady(pod)) {
                ready++;
                if (PodStates.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
        }
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
            conditions.addAll(rs.getStatus().getConditions());
        }
        boolean hasFailure = conditions.stream().anyMatch(c -> "ReplicaFailure".equals(c.getType()));
        if (failure != null && !hasFailure) {
            conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(failureReason).withMessage(failure).withLastTransitionTime(now.toString()).build());
        } else if (failure == null && hasFailure) {
            conditions.removeIf(c -> "ReplicaFailure".equals(c.getType()));
        }
        return new ReplicaSetStatusBuilder()
                .withReplicas(claimed.size())
                .withFullyLabeledReplicas(fullyLabeled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(conditions)
                .build();
    }

    /** Equal as the API stores them: absent counts are zero, absent conditions are none. */
    static boolean sameStatus(ReplicaSetStatus a, ReplicaSetStatus b) {
        if (b == null) {
            return false;
        }
        return n(a.getReplicas()) == n(b.getReplicas())
                && n(a.getFullyLabeledReplicas()) == n(b.getFullyLabeledReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getConditions() == null ? List.of() : a.getConditions(),
                b.getConditions() == null ? List.of() : b.getConditions());
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
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
        if (writers != null) {
            writers.shutdownNow();
        }
    }
}
