package io.timonel.plugins.simnodes;

import java.util.BitSet;
import java.util.Optional;

/**
 * The pod IPs of one node's /24: hosts .2 to .254 (.1 is the node's bridge, as on a real node).
 * Thread-safe; addresses given out stay taken until released.
 */
final class PodAddresses {
    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final String prefix;
    private final BitSet taken = new BitSet(LAST + 1);

    /** @param prefix the /24's first three octets with a trailing dot, see {@link NodeNetwork#podPrefix} */
    PodAddresses(String prefix) {
        this.prefix = prefix;
    }

    /** The lowest free address, now taken; empty when the range is full. */
    synchronized Optional<String> allocate() {
        int host = taken.nextClearBit(FIRST);
        if (host > LAST) {
            return Optional.empty();
        }
        taken.set(host);
        return Optional.of(prefix + host);
    }

    /** Marks {@code ip} taken (an address a pod already had before a restart); false if it is not in this range. */
    synchronized boolean reserve(String ip) {
        int host = host(ip);
        if (host < 0) {
            return false;
        }
        taken.set(host);
        return true;
    }

    /** Frees {@code ip}; addresses from elsewhere are ignored. */
    synchronized void release(String ip) {
        int host = host(ip);
        if (host >= 0) {
            taken.clear(host);
        }
    }

    /** How many addresses are taken. */
    synchronized int inUse() {
        return taken.cardinality();
    }

    private int host(String ip) {
        if (ip == null || !ip.startsWith(prefix)) {
            return -1;
        }
        try {
            int host = Integer.parseInt(ip.substring(prefix.length()));
            return host >= FIRST && host <= LAST ? host : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
