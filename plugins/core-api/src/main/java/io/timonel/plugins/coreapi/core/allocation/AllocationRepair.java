package io.timonel.plugins.coreapi.core.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.Reservation;
import io.timonel.spi.resource.Reservations;
import io.timonel.spi.resource.WriteHookContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the reservations of cluster IPs and node ports back in line with the stored Services, as
 * Kubernetes' repair loops do: a claim no Service holds any more (a crash between a claim and
 * the write, or between a write and its release) is released once it is older than a grace
 * period — younger ones may belong to a write still in flight — and a value a Service holds
 * without a claim (a Service stored before allocation existed, or a lost claim) is claimed again.
 * Setting {@code repair-grace-seconds} (default 120).
 */
final class AllocationRepair {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationRepair.class);
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);

    private final WriteHookContext context;

    AllocationRepair(WriteHookContext context) {
        this.context = context;
    }

    /** One pass; returns how many claims were released and how many made. */
    Outcome run() {
        Duration grace = Duration.ofSeconds(Long.parseLong(context.settings().getOrDefault("repair-grace-seconds",
                Long.toString(DEFAULT_GRACE.toSeconds()))));
        Instant cutoff = context.clock().instant().minus(grace);
        Map<String, Reservation.Owner> ips = new HashMap<>();
        Map<String, Reservation.Owner> ports = new HashMap<>();
        for (JsonNode service : context.objects().list("", "services", "")) {
            Holdings holdings = Holdings.of(service);
            Reservation.Owner owner = Reservation.Owner.of(service);
            if (holdings.clusterIP() != null) {
                ips.put(holdings.clusterIP(), owner);
            }
            holdings.nodePorts().forEach(p -> ports.put(Integer.toString(p), owner));
        }
        Outcome a = repair(ServiceAllocator.IP_POOL, ips, cutoff);
        Outcome b = repair(ServiceAllocator.PORT_POOL, ports, cutoff);
        return new Outcome(a.released + b.released, a.claimed + b.claimed);
    }

    private Outcome repair(String pool, Map<String, Reservation.Owner> held, Instant cutoff) {
        Reservations reservations = context.reservations();
        List<Reservation> claims = reservations.claimed(pool);
        Map<String, Reservation> byValue = new HashMap<>();
        int released = 0;
        int claimed = 0;
        for (Reservation r : claims) {
            byValue.put(r.value(), r);
            if (!r.owner().equals(held.get(r.value())) && r.claimedAt().isBefore(cutoff)
                    && reservations.release(pool, r.value(), r.owner())) {
                LOG.info("released {} {} of {}/{}, which no Service holds", pool, r.value(), r.owner().namespace(),
                        r.owner().name());
                released++;
            }
        }
        for (Map.Entry<String, Reservation.Owner> e : held.entrySet()) {
            Reservation r = byValue.get(e.getKey());
            if (r == null) {
                if (reservations.claim(pool, e.getKey(), e.getValue())) {
                    claimed++;
                }
            } else if (!r.owner().equals(e.getValue())) {
                LOG.warn("{} {} is held by Service {}/{} but reserved for {}/{}", pool, e.getKey(),
                        e.getValue().namespace(), e.getValue().name(), r.owner().namespace(), r.owner().name());
            }
        }
        return new Outcome(released, claimed);
    }

    /** What a pass changed. */
    record Outcome(int released, int claimed) {
    }
}
