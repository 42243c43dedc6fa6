package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Durations;
import io.timonel.plugins.controllers.kit.EventRecorder;
import io.timonel.plugins.controllers.kit.Handlers;
import io.timonel.plugins.controllers.kit.Keys;
import io.timonel.plugins.controllers.kit.PodStates;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' node lifecycle and taint eviction controllers.
 *
 * <p><b>Node health</b> (queue of node names, every node looked at each {@code node-monitor-period},
 * 5s by default): a node whose Lease in {@code kube-node-lease} and Ready heartbeat have not changed
 * for {@code node-monitor-grace-period} (40s; {@code node-startup-grace-period}, 60s, for a node that
 * never posted Ready) gets its conditions set to Unknown ({@link NodeConditions}), a
 * {@code NodeNotReady} event, and its pods marked Ready=False. Taints follow the conditions
 * ({@link NodeTaints}); a node heartbeating again gets its Ready back from the node itself, and
 * then loses the taints.
 *
 * <p><b>Taint eviction</b> (queue of pod keys): a pod on a node with NoExecute taints is deleted as
 * {@link Eviction} says — at once if it does not tolerate them, after its tolerationSeconds
 * otherwise, counted from when this controller first saw the taints under the pod — with the
 * condition DisruptionTarget and a {@code TaintManagerEviction} event. A pod whose node does not
 * answer keeps its deletionTimestamp (nothing confirms the containers stopped), as on Kubernetes;
 * its ReplicaSet replaces it.
 *
 * <p><b>Zones</b> ({@link Zones}): NoExecute taints are added at most {@code node-eviction-rate}
 * nodes a second per zone (0.1), {@code secondary-node-eviction-rate} (0.01) in a partially
 * disrupted zone of more than {@code large-cluster-size-threshold} nodes (50) and not at all in a
 * smaller one ({@code unhealthy-zone-threshold}, 0.55), and lifted while every zone is down.
 */
public final class NodeLifecycleLoop implements ControlLoop {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeLifecycleLoop.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final String BY_NODE = "nodelifecycle.spec.nodeName";

    private ControllerRuntime runtime;
    private EventRecorder nodeEvents;
    private EventRecorder evictionEvents;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Lease> leases;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue nodeQueue;
    private WorkQueue podQueue;
    private ReconcileLoop nodeLoop;
    private ReconcileLoop podLoop;
    private ScheduledFuture<?> monitor;
    private Duration grace;
    private Duration startupGrace;
    private Duration period;
    private double evictionRate;
    private double secondaryEvictionRate;
    private int largeClusterSize;
    private double unhealthyZoneThreshold;
    private final TaintLimiter limiter = new TaintLimiter();
    private volatile Zones zones;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final Map<String, String> lastReadiness = new ConcurrentHashMap<>();
    /** pod uid -> when its node's NoExecute taints were first seen under it */
    private final Map<String, Instant> tainted = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "nodelifecycle";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        grace = Durations.setting(runtime.settings(), "node-monitor-grace-period", Duration.ofSeconds(40));
        startupGrace = Durations.setting(runtime.settings(), "node-startup-grace-period", Duration.ofSeconds(60));
        period = Durations.setting(runtime.settings(), "node-monitor-period", Duration.ofSeconds(5));
        evictionRate = doubleSetting(runtime, "node-eviction-rate", 0.1);
        secondaryEvictionRate = doubleSetting(runtime, "secondary-node-eviction-rate", 0.01);
        largeClusterSize = runtime.intSetting("large-cluster-size-threshold", 50);
        unhealthyZoneThreshold = doubleSetting(runtime, "unhealthy-zone-threshold", 0.55);
        nodeEvents = runtime.events("node-controller");
        evictionEvents = runtime.events("taint-eviction-controller");
        nodeQueue = runtime.newQueue();
        podQueue = runtime.newQueue();
        nodes = runtime.informers().of(Node.class);
        leases = runtime.informers().of(Lease.class);
        pods = runtime.informers().of(Pod.class);
        pods.addIndexers(Map.of(BY_NODE, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
                ? List.of() : List.of(pod.getSpec().getNodeName())));
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                nodeQueue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node old, Node node) {
                nodeQueue.add(node.getMetadata().getName());
                if (!Objects.equals(NodeTaints.noExecute(old), NodeTaints.noExecute(node))) {
                    podsOn(node.getMetadata().getName()).forEach(p -> podQueue.add(Keys.of(p)));
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                probes.remove(node.getMetadata().getName());
                lastReadiness.remove(node.getMetadata().getName());
            }
        });
        leases.addEventHandler(Handlers.onAny(lease -> {
            if (LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())) {
                nodeQueue.add(lease.getMetadata().getName());
            }
        }));
        pods.addEventHandler(Handlers.onAny(pod -> {
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
                podQueue.add(Keys.of(pod));
            }
        }));
        nodeLoop = new ReconcileLoop(name(), nodeQueue, this::reconcileNode);
        podLoop = new ReconcileLoop("taint-eviction", podQueue, this::reconcilePod);
    }

    private static double doubleSetting(ControllerRuntime runtime, String key, double fallback) {
        String value = runtime.settings().get(key);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value.trim());
    }

    private List<Pod> podsOn(String node) {
        return pods.getIndexer().byIndex(BY_NODE, node);
    }

    Result reconcileNode(String name) {
        Node node = nodes.getStore().getByKey(name);
        if (node == null) {
            return Result.done();
        }
        Instant now = runtime.clock().instant();
        Lease lease = leases.getStore().getByKey(LEASE_NAMESPACE + "/" + name);
        if (!probes.containsKey(name)) {
            nodeEvents.normal(node, "RegisteredNode", "Node " + name + " event: Registered Node " + name + " in Controller");
        }
        Probe probe = probes.compute(name, (k, previous) -> Probe.observe(previous, node, lease, now));
        Duration allowed = NodeConditions.find(node, "Ready").isPresent() ? grace : startupGrace;
        try {
            if (probe.isStale(now, allowed)) {
                Optional<List<NodeCondition>> unknown = NodeConditions.unknown(node, now);
                if (unknown.isPresent()) {
                    Node copy = new NodeBuilder(node).editStatus().withConditions(unknown.get()).endStatus().build();
                    runtime.client().nodes().resource(copy).updateStatus();
                    return Result.done(); // the update comes back as an event, with a new resourceVersion
                }
            }
            String readiness = NodeConditions.readiness(node);
            String before = lastReadiness.put(name, readiness);
            if ("True".equals(before) && !"True".equals(readiness)) {
                // (NodeReady, the other way, is the kubelet's event, not this controller's)
                nodeEvents.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
            }
            Optional<List<Taint>> taints = NodeTaints.desired(node, now, noExecutePolicy(node, now));
            if (taints.isPresent()) {
                Node copy = new NodeBuilder(node).editSpec().withTaints(taints.get()).endSpec().build();
                runtime.client().nodes().resource(copy).update();
            }
            if (NodeConditions.find(node, "Ready").isPresent() && !"True".equals(readiness)) {
                markPodsNotReady(node, now);
            }
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
        return Result.done();
    }

    /**
     * Whether the node may get its NoExecute taint now: not while every zone is down, and at the
     * zone's rate otherwise; a deferred node is looked at again shortly.
     */
    private NodeTaints.NoExecute noExecutePolicy(Node node, Instant now) {
        Zones zones = this.zones;
        if (zones == null) {
            zones = refreshZones();
        }
        if (zones.allFullyDisrupted()) {
            return NodeTaints.NoExecute.LIFT;
        }
        if (!NodeTaints.wantsNewNoExecute(node)) {
            return NodeTaints.NoExecute.APPLY;
        }
        String zone = Zones.zoneOf(node);
        if (limiter.tryAcquire(zone, zones.taintRate(zone, evictionRate, secondaryEvictionRate, largeClusterSize), now)) {
            return NodeTaints.NoExecute.APPLY;
        }
        nodeQueue.addAfter(node.getMetadata().getName(), Duration.ofMillis(500));
        return NodeTaints.NoExecute.DEFER;
    }

    private Zones refreshZones() {
        Zones now = Zones.of(nodes.getStore().list(), unhealthyZoneThreshold);
        Zones before = this.zones;
        if (now.allFullyDisrupted() && (before == null || !before.allFullyDisrupted())) {
            LOG.warn("node lifecycle: every node is not ready; entering master disruption mode (no evictions)");
        } else if (!now.allFullyDisrupted() && before != null && before.allFullyDisrupted()) {
            LOG.info("node lifecycle: some nodes are ready again; leaving master disruption mode");
        }
        this.zones = now;
        return now;
    }

    /** Pods of a node that stopped answering are no longer ready, whatever they last said. */
    private void markPodsNotReady(Node node, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod pod : podsOn(node.getMetadata().getName())) {
            Optional<PodCondition> ready = PodStates.condition(pod, "Ready");
            if (PodStates.isTerminal(pod) || ready.isEmpty() || "False".equals(ready.get().getStatus())) {
                continue;
            }
            List<PodCondition> conditions = new ArrayList<>();
            for (PodCondition c : pod.getStatus().getConditions()) {
                conditions.add("Ready".equals(c.getType())
                        ? new PodConditionBuilder(c).withStatus("False").withLastTransitionTime(time).build() : c);
            }
            try {
                runtime.client().pods().resource(new PodBuilder(pod).editStatus().withConditions(conditions)
                        .endStatus().build()).updateStatus();
                evictionEvents.warning(pod, "NodeNotReady", "Node is not ready");
            } catch (KubernetesClientException e) {
                nodeQueue.addAfter(node.getMetadata().getName(), Duration.ofSeconds(1)); // try again
            }
        }
    }

    Result reconcilePod(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null || PodStates.isTerminating(pod) || pod.getSpec().getNodeName() == null) {
            if (pod != null) {
                tainted.remove(pod.getMetadata().getUid());
            }
            return Result.done();
        }
        String uid = pod.getMetadata().getUid();
        Node node = nodes.getStore().getByKey(pod.getSpec().getNodeName());
        Eviction eviction = node == null ? new Eviction.Never() : Eviction.of(pod, NodeTaints.noExecute(node));
        if (eviction instanceof Eviction.Never) {
            if (tainted.remove(uid) != null) {
                evictionEvents.normal(pod, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
            }
            return Result.done();
        }
        Instant now = runtime.clock().instant();
        Instant due = tainted.computeIfAbsent(uid, u -> now).plus(((Eviction.After) eviction).delay());
        if (now.isBefore(due)) {
            return Result.after(Duration.between(now, due));
        }
        evictionEvents.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
        try {
            markDisruption(pod, now);
            runtime.client().pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Result.done() : Result.retry();
        }
        tainted.remove(uid);
        return Result.done();
    }

    /** Says why the pod goes, as Kubernetes does before deleting it (best effort). */
    private void markDisruption(Pod pod, Instant now) {
        if (PodStates.condition(pod, "DisruptionTarget").isPresent()) {
            return;
        }
        PodCondition target = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
                .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString()).build();
        try {
            runtime.client().pods().resource(new PodBuilder(pod).editOrNewStatus().addToConditions(target)
                    .endStatus().build()).updateStatus();
        } catch (KubernetesClientException e) {
            // the deletion matters, the condition only explains it
        }
    }

    @Override
    public void run() {
        nodeLoop.start(2);
        podLoop.start(2);
        long millis = period.toMillis();
        monitor = runtime.timers().scheduleAtFixedRate(
                () -> {
                    refreshZones();
                    nodes.getStore().listKeys().forEach(nodeQueue::add);
                }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (monitor != null) {
            monitor.cancel(false);
        }
        if (nodeLoop != null) {
            nodeLoop.close();
            podLoop.close();
        }
    }
}
