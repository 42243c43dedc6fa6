package io.timonel.spi.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node and the pods on it (bound or assumed), with what filters read precomputed: labels,
 * taints, allocatable and requested resources, host ports in use, image sizes. Immutable: the
 * scheduler's cache replaces a NodeInfo when its node or pods change, so a snapshot never moves
 * under a running cycle.
 */
public final class NodeInfo {

    private final Node node;
    private final String name;
    private final Map<String, String> labels;
    private final List<Taint> taints;
    private final boolean unschedulable;
    private final Resources allocatable;
    private final Resources requested;
    private final Resources nonZeroRequested;
    private final List<PodInfo> pods;
    private final Set<String> usedPorts;
    private final Map<String, Long> imageSizes;
    private final int podsWithAffinity;
    private final int podsWithRequiredAntiAffinity;

    private NodeInfo(Node node, List<PodInfo> pods, Resources requested, Resources nonZeroRequested, Set<String> usedPorts,
                     int podsWithAffinity, int podsWithRequiredAntiAffinity, NodeInfo sameNode) {
        this.node = node;
        this.pods = pods;
        this.requested = requested;
        this.nonZeroRequested = nonZeroRequested;
        this.usedPorts = usedPorts;
        this.podsWithAffinity = podsWithAffinity;
        this.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity;
        if (sameNode != null) {
            name = sameNode.name;
            labels = sameNode.labels;
            taints = sameNode.taints;
            unschedulable = sameNode.unschedulable;
            allocatable = sameNode.allocatable;
            imageSizes = sameNode.imageSizes;
        } else {
            name = node.getMetadata().getName();
            Map<String, String> l = node.getMetadata().getLabels();
            labels = l == null ? Map.of() : Map.copyOf(l);
            taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                    : List.copyOf(node.getSpec().getTaints());
            unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            allocatable = node.getStatus() == null ? Resources.ZERO : Resources.of(
                    node.getStatus().getAllocatable() != null && !node.getStatus().getAllocatable().isEmpty()
                            ? node.getStatus().getAllocatable() : node.getStatus().getCapacity());
            Map<String, Long> images = new HashMap<>();
            if (node.getStatus() != null && node.getStatus().getImages() != null) {
                for (ContainerImage image : node.getStatus().getImages()) {
                    long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                    for (String n : image.getNames()) {
                        images.put(n, size);
                    }
                }
            }
            imageSizes = Map.copyOf(images);
        }
    }

    /** A node without pods. */
    public static NodeInfo of(Node node) {
        return new NodeInfo(node, List.of(), Resources.ZERO, Resources.ZERO, Set.of(), 0, 0, null);
    }

    /** A node with these pods. */
    public static NodeInfo of(Node node, List<PodInfo> pods) {
        NodeInfo info = of(node);
        for (PodInfo pod : pods) {
            info = info.withPod(pod);
        }
        return info;
    }

    /** The same pods on a new version of the node. */
    public NodeInfo withNode(Node newer) {
        return of(newer, pods);
    }

    /** This node with {@code pod} added (a pod with the same UID is replaced). */
    public NodeInfo withPod(PodInfo pod) {
        NodeInfo base = indexOf(pod.uid()) >= 0 ? withoutPod(pod.uid()) : this;
        List<PodInfo> more = new ArrayList<>(base.pods.size() + 1);
        more.addAll(base.pods);
        more.add(pod);
        Set<String> ports = base.usedPorts;
        List<String> podPorts = hostPorts(pod);
        if (!podPorts.isEmpty()) {
            ports = new HashSet<>(ports);
            ports.addAll(podPorts);
        }
        return new NodeInfo(node, List.copyOf(more), base.requested.plus(pod.requests()),
                base.nonZeroRequested.plus(pod.nonZero()), ports,
                base.podsWithAffinity + (hasAffinity(pod) ? 1 : 0),
                base.podsWithRequiredAntiAffinity + (hasRequiredAntiAffinity(pod) ? 1 : 0), this);
    }

    /** This node without the pod of that UID; itself when no such pod is here. */
    public NodeInfo withoutPod(String uid) {
        int at = indexOf(uid);
        if (at < 0) {
            return this;
        }
        PodInfo gone = pods.get(at);
        List<PodInfo> fewer = new ArrayList<>(pods);
        fewer.remove(at);
        Set<String> ports = usedPorts;
        if (!hostPorts(gone).isEmpty()) {
            ports = new HashSet<>();
            for (PodInfo p : fewer) {
                ports.addAll(hostPorts(p));
            }
        }
        return new NodeInfo(node, List.copyOf(fewer), requested.minus(gone.requests()), nonZeroRequested.minus(gone.nonZero()),
                ports, podsWithAffinity - (hasAffinity(gone) ? 1 : 0),
                podsWithRequiredAntiAffinity - (hasRequiredAntiAffinity(gone) ? 1 : 0), this);
    }

    private int indexOf(String uid) {
        for (int i = 0; i < pods.size(); i++) {
            if (pods.get(i).uid().equals(uid)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code PROTOCOL/port} of every host port the pod's containers ask for. */
    public static List<String> hostPorts(PodInfo pod) {
        if (pod.pod().getSpec() == null) {
            return List.of();
        }
        List<String> out = List.of();
        for (Container c : pod.pod().getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>();
                    }
                    out.add((p.getProtocol() == null ? "TCP" : p.getProtocol()) + "/" + p.getHostPort());
                }
            }
        }
        return out;
    }

    private static boolean hasAffinity(PodInfo pod) {
        var a = pod.affinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    private static boolean hasRequiredAntiAffinity(PodInfo pod) {
        var a = pod.affinity();
        return a != null && a.getPodAntiAffinity() != null
                && a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }

    public Node node() {
        return node;
    }

    public String name() {
        return name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    /** {@code spec.unschedulable}. */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** {@code status.allocatable} (or capacity when allocatable is unset). */
    public Resources allocatable() {
        return allocatable;
    }

    /** The sum of the effective requests of the pods here. */
    public Resources requested() {
        return requested;
    }

    /** As {@link #requested()}, with the scoring defaults for request-less containers. */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    public List<PodInfo> pods() {
        return pods;
    }

    /** {@code PROTOCOL/port} host ports in use. */
    public Set<String> usedPorts() {
        return usedPorts;
    }

    /** Image name to size in bytes, from {@code status.images}. */
    public Map<String, Long> imageSizes() {
        return imageSizes;
    }

    /** How many pods here have pod affinity or anti-affinity. */
    public int podsWithAffinity() {
        return podsWithAffinity;
    }

    /** How many pods here have required pod anti-affinity. */
    public int podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name + ", " + pods.size() + " pods]";
    }
}
