package io.timonel.plugins.nodeagent.eviction;

/** The node's eviction signals, read when asked. */
public interface Signals {
    /** Memory in bytes: total and available (MemAvailable). */
    long memoryCapacity();

    long memoryAvailable();

    /** The node filesystem (holding the agent's state) in bytes: total and available. */
    long fsCapacity();

    long fsAvailable();
}
