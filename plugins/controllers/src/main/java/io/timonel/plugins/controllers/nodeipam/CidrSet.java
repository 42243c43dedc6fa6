package io.timonel.plugins.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * The node subnets of one IPv4 cluster CIDR ({@code 10.42.0.0/16} cut into {@code /24}s), each
 * free or taken. Handed out lowest first. Not thread-safe: one loop owns it.
 */
public final class CidrSet {
    private final int base;
    private final int clusterPrefix;
    private final int nodePrefix;
    private final int size;
    private final BitSet taken;

    private CidrSet(int base, int clusterPrefix, int nodePrefix) {
        this.base = base;
        this.clusterPrefix = clusterPrefix;
        this.nodePrefix = nodePrefix;
        this.size = 1 << (nodePrefix - clusterPrefix);
        this.taken = new BitSet(size);
    }

    /**
     * The subnets of {@code clusterCidr} with prefix length {@code nodeMaskSize}.
     *
     * @throws IllegalArgumentException when the CIDR is not IPv4 or the mask does not fit in it
     */
    public static CidrSet of(String clusterCidr, int nodeMaskSize) {
        Subnet cluster = Subnet.parse(clusterCidr)
                .orElseThrow(() -> new IllegalArgumentException("not an IPv4 CIDR: " + clusterCidr));
        if (nodeMaskSize < cluster.prefix() || nodeMaskSize > 30 || nodeMaskSize - cluster.prefix() > 24) {
            throw new IllegalArgumentException("node mask /" + nodeMaskSize + " does not fit in " + clusterCidr);
        }
        return new CidrSet(cluster.network(), cluster.prefix(), nodeMaskSize);
    }

    /** Takes the lowest free subnet; empty when all are taken. */
    public Optional<String> allocate() {
        int index = taken.nextClearBit(0);
        if (index >= size) {
            return Optional.empty();
        }
        taken.set(index);
        return Optional.of(cidr(index));
    }

    /**
     * Marks a subnet some Node already holds as taken; false when it is not one of this set's
     * subnets (another cluster CIDR or another mask size).
     */
    public boolean occupy(String cidr) {
        int index = indexOf(cidr);
        if (index < 0) {
            return false;
        }
        taken.set(index);
        return true;
    }

    /** Frees a subnet; one not in this set is ignored. */
    public void release(String cidr) {
        int index = indexOf(cidr);
        if (index >= 0) {
            taken.clear(index);
        }
    }

    /** How many subnets are free. */
    public int free() {
        return size - taken.cardinality();
    }

    private int indexOf(String cidr) {
        Optional<Subnet> subnet = Subnet.parse(cidr);
        if (subnet.isEmpty() || subnet.get().prefix() != nodePrefix) {
            return -1;
        }
        int offset = subnet.get().network() - base;
        long index = Integer.toUnsignedLong(offset) >>> (32 - nodePrefix);
        if (Subnet.mask(clusterPrefix) != 0 && (subnet.get().network() & Subnet.mask(clusterPrefix)) != base) {
            return -1;
        }
        return index < size ? (int) index : -1;
    }

    private String cidr(int index) {
        int network = base + (index << (32 - nodePrefix));
        return Subnet.format(network) + "/" + nodePrefix;
    }

    /** An IPv4 network: its address (host bits cleared) and prefix length. */
    record Subnet(int network, int prefix) {
        static Optional<Subnet> parse(String cidr) {
            if (cidr == null) {
                return Optional.empty();
            }
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            String[] octets = cidr.substring(0, slash).split("\\.", -1);
            if (octets.length != 4) {
                return Optional.empty();
            }
            try {
                int address = 0;
                for (String o : octets) {
                    int v = Integer.parseInt(o);
                    if (v < 0 || v > 255) {
                        return Optional.empty();
                    }
                    address = (address << 8) | v;
                }
                int prefix = Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < 0 || prefix > 32) {
                    return Optional.empty();
                }
                return Optional.of(new Subnet(address & mask(prefix), prefix));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        static String format(int address) {
            return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                    + (address & 0xff);
        }
    }
}
