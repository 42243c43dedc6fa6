package io.timonel.plugins.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduler's view of the cluster: nodes with the pods on them, bound (seen by the watch
 * with {@code spec.nodeName}) or assumed (chosen by a cycle, binding in flight). Assuming a pod
 * counts it on its node at once, so the next cycle sees it; the watch then confirms it, or,
 * if the binding finished and the watch never shows it within the TTL, it expires. A failed
 * binding forgets it. Thread-safe (one lock); {@link #snapshot()} is cheap when nothing changed
 * and otherwise copies an array of node references, not the nodes.
 */
public final class SchedulerCache {

    /** How long a bound-but-unconfirmed assumed pod counts before it expires. */
    public static final Duration ASSUMED_TTL = Duration.ofSeconds(30);

    private static final class PodState {
        PodInfo info;
        String node;
        boolean assumed;
        long deadlineMillis = Long.MAX_VALUE;
    }

    private final Clock clock;
    private final Map<String, PodState> pods = new HashMap<>();
    /** Pods bound to nodes not seen yet, by node name: added when the node appears. */
    private final Map<String, Map<String, PodInfo>> waiting = new HashMap<>();
    private NodeInfo[] nodes = new NodeInfo[64];
    private int count;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> imageNodes = new HashMap<>();
    private boolean changed = true;
    private boolean structureChanged = true;
    private boolean imagesChanged = true;
    private Map<String, Integer> indexCopy = Map.of();
    private Map<String, Integer> imagesCopy = Map.of();
    private Snapshot snapshot;

    public SchedulerCache(Clock clock) {
        this.clock = clock;
    }

    /** The nodes now; the same object until something changes. */
    public synchronized Snapshot snapshot() {
        if (changed || snapshot == null) {
            if (structureChanged) {
                indexCopy = Map.copyOf(index);
                structureChanged = false;
            }
            if (imagesChanged) {
                imagesCopy = Map.copyOf(imageNodes);
                imagesChanged = false;
            }
            snapshot = new Snapshot(Arrays.copyOf(nodes, count), indexCopy, imagesCopy);
            changed = false;
        }
        return snapshot;
    }

    /** Adds or replaces a node. @return true when what filters read changed (a new node, labels, taints, capacity) */
    public synchronized boolean upsertNode(Node node) {
        String name = node.getMetadata().getName();
        Integer at = index.get(name);
        if (at == null) {
            NodeInfo info = NodeInfo.of(node);
            Map<String, PodInfo> early = waiting.remove(name);
            if (early != null) {
                for (PodInfo p : early.values()) {
                    info = info.withPod(p);
                }
            }
            if (count == nodes.length) {
                nodes = Arrays.copyOf(nodes, count * 2);
            }
            index.put(name, count);
            nodes[count++] = info;
            images(info, 1);
            structureChanged = true;
            changed = true;
            return true;
        }
        NodeInfo old = nodes[at];
        NodeInfo updated = old.withNode(node);
        boolean relevant = !old.labels().equals(updated.labels()) || !old.taints().equals(updated.taints())
                || old.unschedulable() != updated.unschedulable() || !old.allocatable().equals(updated.allocatable());
        if (!old.imageSizes().keySet().equals(updated.imageSizes().keySet())) {
            images(old, -1);
            images(updated, 1);
        }
        nodes[at] = updated;
        changed = true;
        return relevant;
    }

    private void images(NodeInfo info, int delta) {
        if (info.imageSizes().isEmpty()) {
            return;
        }
        for (String image : info.imageSizes().keySet()) {
            imageNodes.merge(image, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
        imagesChanged = true;
    }

    public synchronized void removeNode(String name) {
        Integer at = index.remove(name);
        if (at == null) {
            return;
        }
        images(nodes[at], -1);
        // pods stay known: if the node comes back they are on it again
        Map<String, PodInfo> orphans = new HashMap<>();
        for (PodInfo p : nodes[at].pods()) {
            orphans.put(p.uid(), p);
        }
        if (!orphans.isEmpty()) {
            waiting.put(name, orphans);
        }
        int last = --count;
        if (at != last) {
            nodes[at] = nodes[last];
            index.put(nodes[at].name(), at);
        }
        nodes[last] = null;
        structureChanged = true;
        changed = true;
    }

    public synchronized int nodeCount() {
        return count;
    }

    /**
     * Counts the pod on {@code node} before it is bound (the cycle chose the node).
     * @throws IllegalStateException when the pod is already known (assumed or bound)
     */
    public synchronized void assume(PodInfo pod, String node) {
        if (pods.containsKey(pod.uid())) {
            throw new IllegalStateException("pod " + pod.key() + " is already in the scheduler cache");
        }
        PodState s = new PodState();
        s.info = pod;
        s.node = node;
        s.assumed = true;
        pods.put(pod.uid(), s);
        place(pod, node);
    }

    /** The binding of an assumed pod finished: it expires after the TTL unless the watch confirms it first. */
    public synchronized void finishBinding(String uid) {
        PodState s = pods.get(uid);
        if (s != null && s.assumed) {
            s.deadlineMillis = clock.millis() + ASSUMED_TTL.toMillis();
        }
    }

    /** The binding of an assumed pod failed: it no longer counts. */
    public synchronized void forget(String uid) {
        PodState s = pods.get(uid);
        if (s != null && s.assumed) {
            pods.remove(uid);
            unplace(uid, s.node);
        }
    }

    public synchronized boolean isAssumed(String uid) {
        PodState s = pods.get(uid);
        return s != null && s.assumed;
    }

    /** Whether the pod is known on a node (assumed or bound). */
    public synchronized boolean contains(String uid) {
        return pods.containsKey(uid);
    }

    /** A bound pod seen by the watch (added or updated): confirms an assumed one, or moves it to the node it is on. */
    public synchronized void upsertBoundPod(PodInfo pod) {
        String node = pod.pod().getSpec().getNodeName();
        PodState s = pods.get(pod.uid());
        if (s == null) {
            s = new PodState();
            pods.put(pod.uid(), s);
        } else if (!Objects.equals(s.node, node)) {
            unplace(pod.uid(), s.node);
        }
        s.info = pod;
        s.node = node;
        s.assumed = false;
        s.deadlineMillis = Long.MAX_VALUE;
        place(pod, node);
    }

    /** A bound pod is gone (deleted, or finished): it no longer counts. */
    public synchronized void removePod(String uid) {
        PodState s = pods.remove(uid);
        if (s != null) {
            unplace(uid, s.node);
        }
    }

    /** Drops assumed pods whose binding finished longer than the TTL ago without the watch confirming them. */
    public synchronized int expireAssumed() {
        long now = clock.millis();
        List<String> expired = new ArrayList<>();
        for (Iterator<Map.Entry<String, PodState>> it = pods.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PodState> e = it.next();
            PodState s = e.getValue();
            if (s.assumed && s.deadlineMillis <= now) {
                expired.add(e.getKey());
                it.remove();
                unplace(e.getKey(), s.node);
            }
        }
        return expired.size();
    }

    private void place(PodInfo pod, String node) {
        Integer at = index.get(node);
        if (at == null) {
            waiting.computeIfAbsent(node, k -> new HashMap<>()).put(pod.uid(), pod);
            return;
        }
        nodes[at] = nodes[at].withPod(pod);
        changed = true;
    }

    private void unplace(String uid, String node) {
        Integer at = index.get(node);
        if (at == null) {
            Map<String, PodInfo> w = waiting.get(node);
            if (w != null) {
                w.remove(uid);
                if (w.isEmpty()) {
                    waiting.remove(node);
                }
            }
            return;
        }
        NodeInfo without = nodes[at].withoutPod(uid);
        if (without != nodes[at]) {
            nodes[at] = without;
            changed = true;
        }
    }
}
