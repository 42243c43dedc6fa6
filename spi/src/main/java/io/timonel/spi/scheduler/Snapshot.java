package io.timonel.spi.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling cycle sees it: every node with its pods, including pods assumed
 * on a node but not yet bound. Immutable; a new cycle gets a new snapshot.
 */
public final class Snapshot {

    private final NodeInfo[] nodes;
    private final Map<String, Integer> index;
    private final List<NodeInfo> list;
    private final Map<String, Integer> imageNodes;
    private List<NodeInfo> withAffinity;
    private List<NodeInfo> withRequiredAntiAffinity;

    /**
     * @param nodes the nodes, in a stable order (the array is not copied: do not change it afterwards)
     * @param index node name to position in {@code nodes}
     */
    public Snapshot(NodeInfo[] nodes, Map<String, Integer> index) {
        this(nodes, index, imageCounts(nodes));
    }

    /**
     * As {@link #Snapshot(NodeInfo[], Map)}, with the number of nodes holding each image known
     * (the scheduler's cache keeps it up to date instead of counting every cycle).
     */
    public Snapshot(NodeInfo[] nodes, Map<String, Integer> index, Map<String, Integer> imageNodes) {
        this.nodes = nodes;
        this.index = index;
        this.imageNodes = imageNodes;
        this.list = Collections.unmodifiableList(Arrays.asList(nodes));
    }

    /** A snapshot of these nodes (tests, tools). */
    public static Snapshot of(List<NodeInfo> nodes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        return new Snapshot(nodes.toArray(NodeInfo[]::new), index);
    }

    public List<NodeInfo> nodes() {
        return list;
    }

    public int size() {
        return nodes.length;
    }

    /** The node of that name, or null. */
    public NodeInfo get(String name) {
        Integer at = index.get(name);
        return at == null ? null : nodes[at];
    }

    /** On how many nodes {@code image} (as {@code status.images} names it) is present. */
    public int nodesWithImage(String image) {
        return imageNodes.getOrDefault(image, 0);
    }

    private static Map<String, Integer> imageCounts(NodeInfo[] nodes) {
        Map<String, Integer> counts = new HashMap<>();
        for (NodeInfo n : nodes) {
            for (String image : n.imageSizes().keySet()) {
                counts.merge(image, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Nodes with at least one pod that has pod affinity or anti-affinity. */
    public List<NodeInfo> nodesWithAffinityPods() {
        if (withAffinity == null) {
            List<NodeInfo> found = new ArrayList<>();
            for (NodeInfo n : nodes) {
                if (n.podsWithAffinity() > 0) {
                    found.add(n);
                }
            }
            withAffinity = found;
        }
        return withAffinity;
    }

    /** Nodes with at least one pod that has required pod anti-affinity. */
    public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        if (withRequiredAntiAffinity == null) {
            List<NodeInfo> found = new ArrayList<>();
            for (NodeInfo n : nodesWithAffinityPods()) {
                if (n.podsWithRequiredAntiAffinity() > 0) {
                    found.add(n);
                }
            }
            withRequiredAntiAffinity = found;
        }
        return withRequiredAntiAffinity;
    }
}
