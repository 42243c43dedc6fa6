package io.timonel.plugins.scheduler.framework;

import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods that preemption made room for, by the node nominated for them: until they are bound,
 * filters count them on that node for pods of lower or equal priority, so that the room is not
 * taken by someone else. Thread-safe.
 */
public final class NominatedPods {

    private final Map<String, String> nodeByPod = new HashMap<>();
    private final Map<String, Map<String, PodInfo>> podsByNode = new HashMap<>();

    /** Nominates {@code node} for the pod (replacing an earlier nomination); null clears it. */
    public synchronized void nominate(PodInfo pod, String node) {
        remove(pod.uid());
        if (node != null && !node.isEmpty()) {
            nodeByPod.put(pod.uid(), node);
            podsByNode.computeIfAbsent(node, k -> new HashMap<>()).put(pod.uid(), pod);
        }
    }

    public synchronized void remove(String uid) {
        String node = nodeByPod.remove(uid);
        if (node != null) {
            Map<String, PodInfo> pods = podsByNode.get(node);
            pods.remove(uid);
            if (pods.isEmpty()) {
                podsByNode.remove(node);
            }
        }
    }

    public synchronized boolean isEmpty() {
        return nodeByPod.isEmpty();
    }

    /** {@code node} with the pods nominated to it that {@code pod} must leave room for; the node itself when none. */
    public synchronized NodeInfo withNominated(NodeInfo node, PodInfo pod) {
        Map<String, PodInfo> pods = podsByNode.get(node.name());
        if (pods == null) {
            return node;
        }
        List<PodInfo> ahead = new ArrayList<>();
        for (PodInfo p : pods.values()) {
            if (!p.uid().equals(pod.uid()) && p.priority() >= pod.priority()) {
                ahead.add(p);
            }
        }
        NodeInfo n = node;
        for (PodInfo p : ahead) {
            n = n.withPod(p);
        }
        return n;
    }
}
