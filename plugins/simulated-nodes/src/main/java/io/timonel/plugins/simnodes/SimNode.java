package io.timonel.plugins.simnodes;

/**
 * One simulated node's state in this process. Fields written by one thread and read by others
 * are volatile; the pod addresses guard themselves.
 */
final class SimNode {
    final String name;
    final int index;
    final String internalIp;
    final PodAddresses addresses;
    /** The Node's uid once it exists (from registration or the node informer). */
    volatile String uid;
    /** Whether the Node exists in the API, so heartbeats and status reports are due. */
    volatile boolean registered;
    /** Whether its Lease is known to exist, so renewals (patches) can go. */
    volatile boolean leased;
    /** Whether the Node is annotated stopped: then it neither heartbeats nor handles pods. */
    volatile boolean stopped;

    SimNode(String name, int index) {
        this.name = name;
        this.index = index;
        this.internalIp = NodeNetwork.internalIp(index);
        this.addresses = new PodAddresses(NodeNetwork.podPrefix(index));
    }

    /** Whether it should act now: registered and not stopped. */
    boolean live() {
        return registered && !stopped;
    }
}
