package io.timonel.plugins.nodeagent.streaming;

import java.util.Optional;

/** How the streaming server finds what a request names, from what the agent knows of its pods. */
public interface PodLocator {

    /**
     * The runtime id of a container of a pod on this node; {@code container} null or empty means
     * the pod's only (or default) container. {@code previous} asks for the last terminated
     * instance (logs --previous).
     */
    Optional<String> containerId(String namespace, String pod, String container, boolean previous);

    /** The address at which the pod's ports are reached from this node (its IP, or loopback with hostNetwork). */
    Optional<String> podAddress(String namespace, String pod);
}
