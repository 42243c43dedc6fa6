package io.timonel.plugins.netiptables.loadbalancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * IPv4 addresses load balancers may get: a list of CIDRs ({@code 10.43.0.0/24}, whose network and
 * broadcast addresses are left out for prefixes shorter than /31) and ranges
 * ({@code 10.43.1.10-10.43.1.20}), separated by commas.
 */
public final class AddressPool {
    private record Range(long first, long last) {
    }

    private final List<Range> ranges;

    private AddressPool(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Parses a pool; throws IllegalArgumentException naming the part that is not an address, CIDR or range. */
    public static AddressPool parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : text.split(",")) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            try {
                if (part.contains("/")) {
                    int slash = part.indexOf('/');
                    int prefix = Integer.parseInt(part.substring(slash + 1));
                    if (prefix < 0 || prefix > 32) {
                        throw new IllegalArgumentException();
                    }
                    long size = 1L << (32 - prefix);
                    long network = toLong(part.substring(0, slash)) & ~(size - 1) & 0xffffffffL;
                    ranges.add(prefix >= 31 ? new Range(network, network + size - 1)
                            : new Range(network + 1, network + size - 2));
                } else if (part.contains("-")) {
                    int dash = part.indexOf('-');
                    long first = toLong(part.substring(0, dash).strip());
                    long last = toLong(part.substring(dash + 1).strip());
                    if (last < first) {
                        throw new IllegalArgumentException();
                    }
                    ranges.add(new Range(first, last));
                } else {
                    long ip = toLong(part);
                    ranges.add(new Range(ip, ip));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not an IPv4 address, CIDR or range: " + part);
            }
        }
        return new AddressPool(ranges);
    }

    /** Whether it has no address at all. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code ip} belongs to the pool. */
    public boolean contains(String ip) {
        long value;
        try {
            value = toLong(ip);
        } catch (RuntimeException e) {
            return false;
        }
        return ranges.stream().anyMatch(r -> value >= r.first() && value <= r.last());
    }

    /** The lowest address not in {@code taken}, if any is left. */
    public Optional<String> firstFree(Set<String> taken) {
        for (Range r : ranges) {
            for (long v = r.first(); v <= r.last(); v++) {
                String ip = toText(v);
                if (!taken.contains(ip)) {
                    return Optional.of(ip);
                }
            }
        }
        return Optional.empty();
    }

    static long toLong(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(ip);
        }
        long value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException(ip);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static String toText(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
