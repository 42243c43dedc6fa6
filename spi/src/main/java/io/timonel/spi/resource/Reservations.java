package io.timonel.spi.resource;

import java.util.List;
import java.util.Optional;

/**
 * Unique claims on values (an IP address, a port) in named pools, kept in the kernel's store so
 * that they survive restarts and are shared by every API server of a cluster. A claim is a
 * create-if-absent in the store: of concurrent claims on one value exactly one wins. Each claim
 * records its owner, so that a release by a former owner cannot free a value someone else took
 * since. All methods block on the store and throw {@link java.io.UncheckedIOException} when it fails.
 */
public interface Reservations {

    /**
     * Claims {@code value} in {@code pool} for {@code owner}.
     *
     * @param pool  a name made of lower-case letters, digits and '-', e.g. {@code service-cluster-ips}
     * @param value the value, made of letters, digits, '.', ':', '_' and '-', e.g. {@code 10.96.0.1}
     * @throws IllegalArgumentException when the pool or the value is not made of those characters
     * @return true when this call claimed the value; false when it was held already, by anyone —
     *         even by {@code owner} (two attempts of one object's write must not both think the
     *         value theirs, as either may be aborted)
     */
    boolean claim(String pool, String value, Reservation.Owner owner);

    /**
     * Releases {@code value} if {@code owner} holds it.
     *
     * @return true when a claim of {@code owner} was removed
     */
    boolean release(String pool, String value, Reservation.Owner owner);

    /** The claim on {@code value}, if any. */
    Optional<Reservation> get(String pool, String value);

    /** Every claim of a pool, read from the store (current as of the call), in no defined order. */
    List<Reservation> claimed(String pool);
}
