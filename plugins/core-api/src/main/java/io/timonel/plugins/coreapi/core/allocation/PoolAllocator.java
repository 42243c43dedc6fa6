package io.timonel.plugins.coreapi.core.allocation;

import io.timonel.spi.resource.Reservation;
import io.timonel.spi.resource.Reservations;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * Claims a free value of a contiguous range at random. As in Kubernetes (the static subrange of
 * service IPs and node ports), values are taken from above a low band first, so that values
 * clients ask for by number — {@code 10.96.0.1} for the {@code kubernetes} Service,
 * {@code 10.96.0.10} for DNS — stay free; the low band is used only when the rest is full.
 *
 * <p>A few random probes find a free value at once while the range is not crowded; after that
 * the pool's claims are read once and the free values walked from a random start.
 */
final class PoolAllocator {
    private static final int PROBES = 16;

    private final String pool;
    private final long first;
    private final long size;
    private final long band;
    private final LongFunction<String> format;

    /**
     * @param pool   the reservations pool
     * @param first  the first value of the range
     * @param size   how many values the range has
     * @param band   how many values at the bottom are kept for explicit requests while possible
     * @param format how a value is written in the pool
     */
    PoolAllocator(String pool, long first, long size, long band, LongFunction<String> format) {
        this.pool = pool;
        this.first = first;
        this.size = size;
        this.band = Math.min(band, size - 1);
        this.format = format;
    }

    /** Kubernetes' static band of service IPs: size/16, at least 16, at most 256. */
    static PoolAllocator of(Ipv4Cidr cidr, String pool) {
        long band = Math.min(Math.max(16, cidr.hosts() / 16), 256);
        return new PoolAllocator(pool, cidr.firstHost(), cidr.hosts(), band, Ipv4Cidr::format);
    }

    /** Kubernetes' static band of node ports: size/32, at least 16, at most 128. */
    static PoolAllocator of(PortRange range, String pool) {
        long band = Math.min(Math.max(16, range.size() / 32), 128);
        return new PoolAllocator(pool, range.min(), range.size(), band, Long::toString);
    }

    /**
     * Claims a random free value for {@code owner}.
     *
     * @param avoid values not to take even when free (e.g. those a request names explicitly)
     * @return the value, or empty when the range is full
     */
    OptionalLong allocate(Reservations reservations, Reservation.Owner owner, Set<Long> avoid, RandomGenerator random) {
        for (int i = 0; i < PROBES; i++) {
            long value = first + band + random.nextLong(size - band);
            if (!avoid.contains(value) && reservations.claim(pool, format.apply(value), owner)) {
                return OptionalLong.of(value);
            }
        }
        Set<String> taken = new HashSet<>();
        reservations.claimed(pool).forEach(r -> taken.add(r.value()));
        OptionalLong upper = walk(reservations, owner, avoid, taken, band, size - band, random);
        return upper.isPresent() ? upper : walk(reservations, owner, avoid, taken, 0, band, random);
    }

    /** Tries the free values of offsets {@code [from, from + count)} starting at a random one. */
    private OptionalLong walk(Reservations reservations, Reservation.Owner owner, Set<Long> avoid, Set<String> taken,
                              long from, long count, RandomGenerator random) {
        if (count <= 0) {
            return OptionalLong.empty();
        }
        long start = random.nextLong(count);
        for (long i = 0; i < count; i++) {
            long value = first + from + (start + i) % count;
            String text = format.apply(value);
            if (!avoid.contains(value) && !taken.contains(text) && reservations.claim(pool, text, owner)) {
                return OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }
}
