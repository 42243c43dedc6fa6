package io.timonel.plugins.ingress.routing;

import java.util.Comparator;
import java.util.List;

/**
 * The paths of one host (or of all hosts without a rule of their own), in the order they compete,
 * and the fallback for requests none of them matches.
 *
 * @param paths    by precedence: longest path first; at equal length Exact before Prefix; then the
 *                 older Ingress first
 * @param fallback the {@code defaultBackend} of the oldest Ingress with rules for this host that has
 *                 one, or null (then the table's default backend applies)
 */
public record HostRoutes(List<PathRoute> paths, Route.To fallback) {

    static final Comparator<PathRoute> PRECEDENCE = Comparator.comparingInt(PathRoute::weight).reversed()
            .thenComparing(PathRoute::type);

    public HostRoutes {
        paths = paths.stream().sorted(PRECEDENCE).toList(); // stable: declaration order breaks ties
    }

    /** The first path route matching {@code requestPath}, else the fallback (which may be null). */
    Route.To route(String requestPath) {
        for (PathRoute p : paths) {
            if (p.matches(requestPath)) {
                return new Route.To(p.backend(), p.source());
            }
        }
        return fallback;
    }
}
