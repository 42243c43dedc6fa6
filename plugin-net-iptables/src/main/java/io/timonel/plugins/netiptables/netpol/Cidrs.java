package io.timonel.plugins.netiptables.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IPv4 prefix arithmetic for ipBlocks: an ipBlock's {@code except} list is subtracted from its
 * {@code cidr} here, giving plain prefixes that iptables matches with {@code -s}/{@code -d}, so
 * that no rule needs a negation or a mark.
 */
final class Cidrs {
    private Cidrs() {
    }

    /** An IPv4 prefix: {@code base} with its host bits cleared, and its length 0..32. */
    record Prefix(long base, int length) {
        boolean contains(Prefix other) {
            return other.length >= length && (other.base & mask(length)) == base;
        }

        boolean contains(long address) {
            return (address & mask(length)) == base;
        }

        @Override
        public String toString() {
            return format(base) + "/" + length;
        }
    }

    /** Parses {@code a.b.c.d/n} (host bits are dropped); empty for anything else, IPv6 included. */
    static Optional<Prefix> parse(String cidr) {
        if (cidr == null) {
            return Optional.empty();
        }
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        Optional<Long> base = address(address);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        int length;
        try {
            length = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (length < 0 || length > 32) {
            return Optional.empty();
        }
        return Optional.of(new Prefix(base.get() & mask(length), length));
    }

    /** Parses a dotted IPv4 address; empty for anything else. */
    static Optional<Long> address(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
        }
        return Optional.of(value);
    }

    /**
     * The prefixes covering {@code block} but none of {@code except}, in address order: each
     * excepted prefix inside the block splits it along the way down to the excepted one.
     */
    static List<Prefix> subtract(Prefix block, List<Prefix> except) {
        List<Prefix> result = new ArrayList<>();
        subtract(block, except, result);
        return result;
    }

    private static void subtract(Prefix block, List<Prefix> except, List<Prefix> out) {
        boolean overlaps = false;
        for (Prefix e : except) {
            if (e.contains(block)) {
                return;
            }
            overlaps |= block.contains(e);
        }
        if (!overlaps) {
            out.add(block);
            return;
        }
        int length = block.length + 1;
        subtract(new Prefix(block.base, length), except, out);
        subtract(new Prefix(block.base | (1L << (32 - length)), length), except, out);
    }

    static long mask(int length) {
        return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }
}
