package io.timonel.plugins.ingress.proxy;

import io.timonel.plugins.ingress.backends.Upstream;
import io.timonel.plugins.ingress.routing.BackendRef;
import io.timonel.plugins.ingress.routing.RouteTable;
import io.timonel.plugins.ingress.tls.CertificateTable;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything the proxy serves by at one moment — routes, the endpoints of their backends and the
 * TLS certificates — built together and swapped in at once.
 *
 * @param routes       where requests go
 * @param upstreams    the endpoints of every backend the routes name
 * @param certificates the certificate for each SNI name
 */
public record Snapshot(RouteTable routes, Map<BackendRef, Upstream> upstreams, CertificateTable certificates) {

    public Snapshot {
        upstreams = Map.copyOf(upstreams);
    }

    /** Nothing to serve: every request is 404, TLS presents {@code certificates}' default. */
    public static Snapshot empty(CertificateTable certificates) {
        return new Snapshot(RouteTable.EMPTY, Map.of(), certificates);
    }

    /** The endpoints of {@code backend}; null when it is not one of the routes'. */
    public Upstream upstream(BackendRef backend) {
        return upstreams.get(backend);
    }

    /** Every endpoint some backend has (what connection pools may be kept for). */
    public Set<URI> endpoints() {
        Set<URI> out = new HashSet<>();
        upstreams.values().forEach(u -> out.addAll(u.endpoints()));
        return out;
    }
}
