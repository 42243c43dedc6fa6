package io.timonel.plugins.nodeagent.eviction;

/**
 * A pod that may be evicted.
 *
 * @param uid         the pod's uid
 * @param name        namespace/name, for logs
 * @param qosClass    its QoS class
 * @param memoryBytes the working set of its running containers
 */
public record Candidate(String uid, String name, String qosClass, long memoryBytes) {
}
