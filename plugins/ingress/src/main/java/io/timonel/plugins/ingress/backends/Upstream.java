package io.timonel.plugins.ingress.backends;

import io.timonel.plugins.ingress.routing.BackendRef;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The ready endpoints of one backend at one moment, taken in turn (round robin).
 *
 * @param backend   the Service port they serve
 * @param endpoints {@code http://ip:port} of each ready endpoint, in a stable order; empty when the
 *                  Service is missing or has no ready endpoint
 */
public record Upstream(BackendRef backend, List<URI> endpoints, AtomicInteger turn) {

    public Upstream(BackendRef backend, List<URI> endpoints) {
        this(backend, List.copyOf(endpoints), new AtomicInteger());
    }

    public boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /**
     * The next endpoint in turn that {@code usable} accepts, or else the next in turn whatever it
     * says (a failing endpoint is better than none); null when there are no endpoints.
     */
    public URI next(Predicate<URI> usable) {
        int n = endpoints.size();
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            URI candidate = endpoints.get((start + i) % n);
            if (usable.test(candidate)) {
                return candidate;
            }
        }
        return endpoints.get(start);
    }
}
