package io.timonel.plugins.coreapi.core.allocation;

import java.util.OptionalLong;

/**
 * An IPv4 CIDR block such as {@code 10.96.0.0/12}, with addresses as unsigned 32-bit numbers.
 * The allocatable addresses exclude the network and broadcast addresses, as Kubernetes does.
 *
 * @param network the network address (host bits zero)
 * @param prefix  the prefix length, 0..30
 */
public record Ipv4Cidr(long network, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 30) {
            throw new IllegalArgumentException("an IPv4 service range needs a prefix of /30 or shorter, not /" + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}; the first of comma-separated ranges (dual-stack notation) that is IPv4. */
    public static Ipv4Cidr parse(String text) {
        for (String part : text.split(",")) {
            String cidr = part.trim();
            int slash = cidr.indexOf('/');
            if (slash < 0 || cidr.contains(":")) {
                continue;
            }
            OptionalLong address = parseAddress(cidr.substring(0, slash));
            if (address.isEmpty()) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
            }
            return new Ipv4Cidr(address.getAsLong(), prefix);
        }
        throw new IllegalArgumentException("no IPv4 CIDR in " + text);
    }

    /** A dotted-quad address as a number, or empty when {@code text} is not exactly one. */
    public static OptionalLong parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return OptionalLong.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return OptionalLong.empty();
            }
            value = value << 8 | octet;
        }
        return OptionalLong.of(value);
    }

    public static String format(long address) {
        return (address >>> 24 & 255) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "."
                + (address & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** The first allocatable address: the one after the network address. */
    public long firstHost() {
        return network + 1;
    }

    /** How many addresses can be allocated (all but the network and broadcast addresses). */
    public long hosts() {
        return (1L << (32 - prefix)) - 2;
    }

    /** Whether {@code address} can be allocated from this block. */
    public boolean allocatable(long address) {
        return address >= firstHost() && address < firstHost() + hosts();
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
