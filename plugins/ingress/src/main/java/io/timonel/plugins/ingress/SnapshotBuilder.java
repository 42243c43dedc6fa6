package io.timonel.plugins.ingress;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.timonel.plugins.ingress.backends.EndpointResolver;
import io.timonel.plugins.ingress.backends.Upstream;
import io.timonel.plugins.ingress.proxy.Snapshot;
import io.timonel.plugins.ingress.routing.BackendRef;
import io.timonel.plugins.ingress.routing.RouteTable;
import io.timonel.plugins.ingress.tls.CertificateTable;
import io.timonel.plugins.ingress.tls.ServingCertificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the {@link Snapshot} the proxy serves from the served Ingresses and the cluster's
 * Services, EndpointSlices and Secrets. Keeps the certificates it has parsed between builds, so
 * one instance is used by one thread at a time.
 */
final class SnapshotBuilder {
    private final ServingCertificate selfSigned;
    private final CertificateTable.LoadedSecrets loaded = new CertificateTable.LoadedSecrets();

    SnapshotBuilder(ServingCertificate selfSigned) {
        this.selfSigned = selfSigned;
    }

    Snapshot build(Collection<Ingress> served, Collection<Service> services, Collection<EndpointSlice> slices,
                   Collection<Secret> secrets) {
        RouteTable routes = RouteTable.of(served);
        EndpointResolver resolver = new EndpointResolver(services, slices);
        Map<BackendRef, Upstream> upstreams = new HashMap<>();
        for (BackendRef backend : routes.backends()) {
            upstreams.put(backend, resolver.resolve(backend));
        }
        Map<String, Secret> byKey = new HashMap<>();
        for (Secret s : secrets) {
            byKey.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
        }
        return new Snapshot(routes, upstreams, CertificateTable.of(served, byKey, selfSigned, loaded));
    }

    /** The snapshot of no Ingress. */
    Snapshot empty() {
        return Snapshot.empty(CertificateTable.only(selfSigned));
    }
}
