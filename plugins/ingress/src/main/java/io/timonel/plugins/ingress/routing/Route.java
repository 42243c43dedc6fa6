package io.timonel.plugins.ingress.routing;

/** Where a request goes, as decided by a {@link RouteTable}. */
public sealed interface Route {

    /** To {@code backend}, by a rule or default backend of the Ingress {@code source} ({@code namespace/name}). */
    record To(BackendRef backend, String source) implements Route {
    }

    /** Nowhere: no rule matches and there is no default backend (answered with 404). */
    record NotFound() implements Route {
    }

    Route NOT_FOUND = new NotFound();
}
