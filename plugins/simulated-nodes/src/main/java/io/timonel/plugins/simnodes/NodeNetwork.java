package io.timonel.plugins.simnodes;

/**
 * The addresses of the simulated node with a given index: its InternalIP from 172.16.0.0/12 and
 * its pod CIDR, a /24 from 10.128.0.0/9 (so up to 32,768 nodes, clear of the 10.96.0.0/12
 * service range).
 */
final class NodeNetwork {
    /** Nodes that fit the pod range: one /24 each. */
    static final int MAX_NODES = 1 << 15;

    private NodeNetwork() {
    }

    /** The node's InternalIP; index 0 is 172.16.0.1. */
    static String internalIp(int index) {
        check(index);
        int host = index + 1;
        return "172." + (16 + (host >> 16)) + "." + ((host >> 8) & 0xff) + "." + (host & 0xff);
    }

    /** The node's pod CIDR; index 0 is 10.128.0.0/24. */
    static String podCidr(int index) {
        return podPrefix(index) + "0/24";
    }

    /** The pod CIDR's first three octets with a trailing dot, e.g. {@code 10.128.3.}. */
    static String podPrefix(int index) {
        check(index);
        return "10." + (128 + (index >> 8)) + "." + (index & 0xff) + ".";
    }

    private static void check(int index) {
        if (index < 0 || index >= MAX_NODES) {
            throw new IllegalArgumentException("node index must be 0.." + (MAX_NODES - 1) + ": " + index);
        }
    }
}
