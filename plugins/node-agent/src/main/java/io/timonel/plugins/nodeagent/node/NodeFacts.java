package io.timonel.plugins.nodeagent.node;

import io.timonel.plugins.nodeagent.eviction.Pressure;
import io.timonel.spi.runtime.ImageInfo;
import java.util.List;

/**
 * Everything the Node's status is made of at one moment.
 *
 * @param nodeName        the Node's name
 * @param machine         the machine's facts
 * @param internalIp      the node's InternalIP
 * @param maxPods         its pod capacity
 * @param memoryReserved  memory kept out of allocatable (the hard eviction threshold)
 * @param fsCapacity      bytes of the filesystem holding the agent's state
 * @param fsReserved      of which kept out of allocatable
 * @param runtimeVersion  the runtime's version, or null while it is down
 * @param images          the runtime's images (empty while it is down)
 * @param pressure        the eviction signals
 * @param kubeletPort     the streaming server's port
 * @param networkProblem  why pods cannot get a pod network yet, or null when they can
 */
public record NodeFacts(String nodeName, MachineFacts machine, String internalIp, int maxPods, long memoryReserved,
                        long fsCapacity, long fsReserved, String runtimeVersion, List<ImageInfo> images,
                        Pressure pressure, int kubeletPort, String networkProblem) {
    public NodeFacts {
        images = List.copyOf(images);
    }

    public boolean runtimeUp() {
        return runtimeVersion != null;
    }
}
