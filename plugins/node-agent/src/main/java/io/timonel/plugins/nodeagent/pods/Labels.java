package io.timonel.plugins.nodeagent.pods;

/**
 * The labels the agent puts on sandboxes and containers, and finds them again by: the
 * kubelet's names, plus the node's name so that agents sharing one runtime (tests, several
 * nodes on a machine) leave each other's containers alone.
 */
public final class Labels {
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** A hash of the parts of a container's spec that may change (its image): a change restarts it. */
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    public static final String NODE = "io.timonel.node";

    private Labels() {
    }
}
