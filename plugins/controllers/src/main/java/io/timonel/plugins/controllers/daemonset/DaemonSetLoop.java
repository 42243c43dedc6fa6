package io.timonel.plugins.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerExpectations;
import io.timonel.plugins.controllers.kit.ControllerRevisions;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.EventSpamFilter;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.IntOrPercent;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.OwnershipClaims;
import io.timonel.plugins.controllers.kit.PodStates;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.SelectorMatch;
import io.timonel.plugins.controllers.kit.SlowStart;
import io.timonel.plugins.controllers.kit.WorkQueue;
import io.timonel.plugins.controllers.statefulset.RevisionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one pod of each DaemonSet on every node it is eligible for ({@link NodeEligibility}), as
 * Kubernetes' DaemonSet controller: creates the missing ones (pinned to their node), deletes those
 * on nodes that no longer qualify, failed ones and extras, and rolls template changes out node by
 * node within maxUnavailable (or maxSurge). Expectations keep it from acting twice on a lagging cache.
 */
public final class DaemonSetLoop implements ControlLoop {
    private ControllerRuntime runtime;
    private SharedIndexInformer<DaemonSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<ControllerRevision> revisions;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private EventSpamFilter events;
    private ControllerExpectations expectations;
    private ExecutorService writers;

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        queue = runtime.newQueue();
        events = new EventSpamFilter(runtime.events("daemonset-controller"), runtime.clock());
        expectations = new ControllerExpectations(runtime.clock());
        sets = runtime.informers().of(DaemonSet.class);
        pods = runtime.informers().of(Pod.class);
        nodes = runtime.informers().of(Node.class);
        revisions = runtime.informers().of(ControllerRevision.class);
        sets.addEventHandler(Handlers.enqueue(queue));
        pods.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = ownerKey(pod);
                if (key != null) {
                    if (PodStates.isTerminating(pod)) {
                        expectations.deletionObserved(key, pod.getMetadata().getUid());
                    } else {
                        expectations.creationObserved(key);
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String key = ownerKey(pod);
                if (key != null) {
                    if (PodStates.isTerminating(pod) && !PodStates.isTerminating(old)) {
                        expectations.deletionObserved(key, pod.getMetadata().getUid());
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                String key = ownerKey(pod);
                if (key != null) {
                    expectations.deletionObserved(key, pod.getMetadata().getUid());
                    queue.add(key);
                }
            }
        });
        // a node's labels, taints or existence decide where daemons run: every DaemonSet looks again
        nodes.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueAll();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                // heartbeats and status churn change nothing about where daemons run
                if (!Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                        || !Objects.equals(old.getSpec() == null ? null : old.getSpec().getTaints(),
                        node.getSpec() == null ? null : node.getSpec().getTaints())) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                enqueueAll();
            }
        });
        revisions.addEventHandler(Handlers.enqueueController(queue, "DaemonSet"));
        writers = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "daemonset-writes");
            t.setDaemon(true);
            return t;
        });
        loop = new ReconcileLoop(name(), queue, this::reconcile);
    }

    private void enqueueAll() {
        sets.getStore().list().forEach(ds -> queue.add(Keys.of(ds)));
    }

    private static String ownerKey(Pod pod) {
        return Owners.controllerOf(pod).filter(ref -> "DaemonSet".equals(ref.getKind()))
                .map(ref -> Keys.of(pod.getMetadata().getNamespace(), ref.getName())).orElse(null);
    }

    private static boolean selects(DaemonSet ds, Map<String, String> labels) {
        var selector = ds.getSpec().getSelector();
        return !SelectorMatch.isEmpty(selector) && SelectorMatch.matches(selector, labels);
    }

    private static String hashOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ControllerRevisions.HASH_LABEL);
    }

    private static int minReady(DaemonSet ds) {
        return ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    }

    Result reconcile(String key) {
        DaemonSet ds = sets.getStore().getByKey(key);
        if (ds == null) {
            expectations.forget(key);
            return Result.done();
        }
        if (SelectorMatch.isEmpty(ds.getSpec().getSelector())) {
            return Result.done();
        }
        String ns = ds.getMetadata().getNamespace();
        try {
            List<Pod> owned = OwnershipClaims.claim(runtime.client(), ds, Owners.controllerRef(ds),
                    p -> selects(ds, p.getMetadata().getLabels()), pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
            List<ControllerRevision> history = OwnershipClaims.claim(runtime.client(), ds, Owners.controllerRef(ds),
                    r -> selects(ds, r.getMetadata().getLabels()), revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns));
            Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
            RevisionHistory.Update update = RevisionHistory.ensure(runtime.client(), ds, ds.getSpec().getTemplate(),
                    history, collisions);
            String hash = ControllerRevisions.hashOf(update.revision());

            Map<String, List<Pod>> byNode = new HashMap<>();
            for (Pod pod : owned) {
                String node = DaemonPods.targetNode(pod);
                if (node != null) {
                    byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
                }
            }
            List<Node> allNodes = nodes.getStore().list();
            Result result = Result.done();
            if (expectations.satisfied(key) && ds.getMetadata().getDeletionTimestamp() == null) {
                result = manage(key, ds, allNodes, byNode, hash);
            }
            DaemonSetStatus status = status(ds, allNodes, byNode, hash, update.collisionCount());
            if (!sameStatus(status, ds.getStatus())) {
                runtime.client().apps().daemonSets().inNamespace(ns)
                        .resource(new DaemonSetBuilder(ds).withStatus(status).build()).updateStatus();
            }
            Set<String> live = new HashSet<>();
            live.add(update.revision().getMetadata().getName());
            Set<String> liveHashes = new HashSet<>();
            owned.stream().map(DaemonSetLoop::hashOf).filter(Objects::nonNull).forEach(liveHashes::add);
            history.stream().filter(r -> liveHashes.contains(ControllerRevisions.hashOf(r)))
                    .forEach(r -> live.add(r.getMetadata().getName()));
            int limit = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
            RevisionHistory.truncate(runtime.client(), history, live, limit);
            if (minReady(ds) > 0 && status.getNumberReady() > status.getNumberAvailable()) {
                return Result.after(Duration.ofSeconds(minReady(ds)).plusMillis(200));
            }
            return result;
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
    }

    private Result manage(String key, DaemonSet ds, List<Node> allNodes, Map<String, List<Pod>> byNode, String hash) {
        boolean rolling = ds.getSpec().getUpdateStrategy() == null || ds.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(ds.getSpec().getUpdateStrategy().getType());
        int desired = (int) allNodes.stream()
                .filter(n -> NodeEligibility.evaluate(ds.getSpec().getTemplate().getSpec(), n).shouldRun()).count();
        int[] bounds = rolling ? bounds(ds, desired) : new int[] {0, 1};
        int maxSurge = bounds[0];
        List<String> createOn = new ArrayList<>();
        List<Pod> delete = new ArrayList<>();
        Instant now = runtime.clock().instant();
        for (Node node : allNodes) {
            NodeEligibility.Verdict verdict = NodeEligibility.evaluate(ds.getSpec().getTemplate().getSpec(), node);
            List<Pod> here = byNode.getOrDefault(node.getMetadata().getName(), List.of());
            if (verdict.shouldRun() && here.isEmpty()) {
                createOn.add(node.getMetadata().getName());
            } else if (verdict.shouldContinueRunning()) {
                List<Pod> running = new ArrayList<>();
                for (Pod pod : here) {
                    if (PodStates.isTerminating(pod)) {
                        continue;
                    }
                    if ("Failed".equals(PodStates.phase(pod))) {
                        events.warning(ds, "FailedDaemonPod", "Found failed daemon pod " + ds.getMetadata().getNamespace()
                                + "/" + pod.getMetadata().getName() + " on node " + node.getMetadata().getName()
                                + ", will try to kill it");
                        delete.add(pod);
                    } else {
                        running.add(pod);
                    }
                }
                if (running.size() > 1) {
                    running.sort(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp())));
                    Pod keepOld = running.get(0);
                    Pod keepNew = maxSurge > 0 ? running.stream().filter(p -> hash.equals(hashOf(p)))
                            .reduce((a, b) -> b).orElse(null) : null;
                    running.stream().filter(p -> p != keepOld && p != keepNew).forEach(delete::add);
                }
            } else {
                here.stream().filter(p -> !PodStates.isTerminating(p)).forEach(delete::add);
            }
        }
        // unscheduled pods pinned to a node that is gone will never run (scheduled ones are the pod GC's)
        Set<String> known = new HashSet<>();
        allNodes.forEach(n -> known.add(n.getMetadata().getName()));
        byNode.forEach((node, here) -> {
            if (!known.contains(node)) {
                here.stream().filter(p -> !PodStates.isTerminating(p))
                        .filter(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
                        .forEach(delete::add);
            }
        });
        if (createOn.isEmpty() && delete.isEmpty() && rolling) {
            rollingUpdate(ds, allNodes, byNode, hash, bounds, now, createOn, delete);
        }
        if (createOn.isEmpty() && delete.isEmpty()) {
            return Result.done();
        }
        sync(key, ds, createOn, delete, hash);
        return Result.done();
    }

    /** {maxSurge, maxUnavailable} against the number of nodes that should run the daemon. */
    static int[] bounds(DaemonSet ds, int desired) {
        var rolling = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int surge = IntOrPercent.scaled(rolling == null ? null : rolling.getMaxSurge(), desired, true, 0);
        int unavailable = IntOrPercent.scaled(rolling == null ? null : rolling.getMaxUnavailable(), desired, true, 1);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    private void rollingUpdate(DaemonSet ds, List<Node> allNodes, Map<String, List<Pod>> byNode, String hash,
                               int[] bounds, Instant now, List<String> createOn, List<Pod> delete) {
        int maxSurge = bounds[0];
        int maxUnavailable = bounds[1];
        int minReady = minReady(ds);
        int unavailable = 0;
        int surging = 0;
        List<Pod> candidates = new ArrayList<>();
        List<String> surgeCandidates = new ArrayList<>();
        for (Node node : allNodes) {
            if (!NodeEligibility.evaluate(ds.getSpec().getTemplate().getSpec(), node).shouldRun()) {
                continue;
            }
            List<Pod> here = byNode.getOrDefault(node.getMetadata().getName(), List.of()).stream()
                    .filter(p -> !PodStates.isTerminating(p)).toList();
            Pod newPod = here.stream().filter(p -> hash.equals(hashOf(p))).findFirst().orElse(null);
            Pod oldPod = here.stream().filter(p -> !hash.equals(hashOf(p))).findFirst().orElse(null);
            if (maxSurge == 0) {
                if ((oldPod == null) == (newPod == null)) {
                    unavailable++;
                } else if (newPod != null) {
                    if (!PodStates.isAvailable(newPod, minReady, now)) {
                        unavailable++;
                    }
                } else if (!PodStates.isAvailable(oldPod, minReady, now)) {
                    delete.add(oldPod); // already unavailable: replacing it costs nothing
                } else {
                    candidates.add(oldPod);
                }
            } else if (oldPod != null) {
                if (newPod == null) {
                    if (!PodStates.isAvailable(oldPod, minReady, now)) {
                        createOn.add(node.getMetadata().getName());
                    } else {
                        surgeCandidates.add(node.getMetadata().getName());
                    }
                } else if (PodStates.isAvailable(newPod, minReady, now)) {
                    delete.add(oldPod);
                } else {
                    surging++;
                }
            }
        }
        if (maxSurge == 0) {
            int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
            delete.addAll(candidates.subList(0, remaining));
        } else {
            int remaining = Math.max(0, Math.min(maxSurge - surging, surgeCandidates.size()));
            createOn.addAll(surgeCandidates.subList(0, remaining));
        }
    }

    private void sync(String key, DaemonSet ds, List<String> createOn, List<Pod> delete, String hash) {
        String ns = ds.getMetadata().getNamespace();
        expectations.expect(key, createOn.size(), delete.stream().map(p -> p.getMetadata().getUid()).toList());
        var template = ds.getSpec().getTemplate();
        SlowStart.Outcome created = SlowStart.run(createOn.size(), 1, writers, i -> {
            Pod pod = DaemonPods.newPod(ds, template, createOn.get(i), hash);
            Pod made = runtime.client().pods().inNamespace(ns).resource(pod).create();
            events.normal(ds, "SuccessfulCreate", "Created pod: " + made.getMetadata().getName());
            return true;
        });
        for (int i = created.succeeded(); i < createOn.size(); i++) {
            expectations.creationObserved(key);
        }
        for (Pod pod : delete) {
            try {
                runtime.client().pods().inNamespace(ns).resource(pod).delete();
                events.normal(ds, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, pod.getMetadata().getUid());
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        if (created.firstError() != null) {
            events.warning(ds, "FailedCreate", "Error creating: " + created.firstError().getMessage());
            throw created.firstError();
        }
    }

    DaemonSetStatus status(DaemonSet ds, List<Node> allNodes, Map<String, List<Pod>> byNode, String hash,
                           Integer collisionCount) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        Instant now = runtime.clock().instant();
        String generation = ds.getMetadata().getGeneration() == null ? null : ds.getMetadata().getGeneration().toString();
        for (Node node : allNodes) {
            boolean shouldRun = NodeEligibility.evaluate(ds.getSpec().getTemplate().getSpec(), node).shouldRun();
            List<Pod> here = byNode.getOrDefault(node.getMetadata().getName(), List.of()).stream()
                    .filter(p -> !PodStates.isTerminating(p))
                    .sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                    .toList();
            if (shouldRun) {
                desired++;
                if (!here.isEmpty()) {
                    current++;
                    Pod pod = here.get(0);
                    if (PodStates.isReady(pod)) {
                        ready++;
                        if (PodStates.isAvailable(pod, minReady(ds), now)) {
                            available++;
                        }
                    }
                    boolean upToDate = here.stream().anyMatch(p -> hash.equals(hashOf(p))
                            || (generation != null && p.getMetadata().getLabels() != null
                            && generation.equals(p.getMetadata().getLabels().get(DaemonPods.TEMPLATE_GENERATION))
                            && hashOf(p) == null));
                    if (upToDate) {
                        updated++;
                    }
                }
            } else if (!here.isEmpty()) {
                misscheduled++;
            }
        }
        return new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired).withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled).withNumberReady(ready).withNumberAvailable(available)
                .withNumberUnavailable(desired - available).withUpdatedNumberScheduled(updated)
                .withCollisionCount(collisionCount)
                .withConditions(ds.getStatus() == null ? null : ds.getStatus().getConditions())
                .build();
    }

    static boolean sameStatus(DaemonSetStatus a, DaemonSetStatus b) {
        if (b == null) {
            return false;
        }
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && n(a.getDesiredNumberScheduled()) == n(b.getDesiredNumberScheduled())
                && n(a.getCurrentNumberScheduled()) == n(b.getCurrentNumberScheduled())
                && n(a.getNumberMisscheduled()) == n(b.getNumberMisscheduled())
                && n(a.getNumberReady()) == n(b.getNumberReady())
                && n(a.getNumberAvailable()) == n(b.getNumberAvailable())
                && n(a.getNumberUnavailable()) == n(b.getNumberUnavailable())
                && n(a.getUpdatedNumberScheduled()) == n(b.getUpdatedNumberScheduled())
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
        if (writers != null) {
            writers.shutdownNow();
        }
    }
}
