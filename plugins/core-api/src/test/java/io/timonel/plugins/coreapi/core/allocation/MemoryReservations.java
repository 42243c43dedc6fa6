package io.timonel.plugins.coreapi.core.allocation;

import io.timonel.spi.resource.Reservation;
import io.timonel.spi.resource.Reservations;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Reservations in a map, with the store's create-if-absent and owner-checked release. */
final class MemoryReservations implements Reservations {
    private final ConcurrentHashMap<String, Reservation> claims = new ConcurrentHashMap<>();
    private final Clock clock;

    MemoryReservations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean claim(String pool, String value, Reservation.Owner owner) {
        return claims.putIfAbsent(pool + "/" + value, new Reservation(pool, value, owner, clock.instant())) == null;
    }

    @Override
    public boolean release(String pool, String value, Reservation.Owner owner) {
        Reservation r = claims.get(pool + "/" + value);
        return r != null && r.owner().equals(owner) && claims.remove(pool + "/" + value, r);
    }

    @Override
    public Optional<Reservation> get(String pool, String value) {
        return Optional.ofNullable(claims.get(pool + "/" + value));
    }

    @Override
    public List<Reservation> claimed(String pool) {
        return claims.values().stream().filter(r -> r.pool().equals(pool)).toList();
    }

    /** The claimed values of a pool, sorted. */
    List<String> values(String pool) {
        return claimed(pool).stream().map(Reservation::value).sorted().toList();
    }
}
