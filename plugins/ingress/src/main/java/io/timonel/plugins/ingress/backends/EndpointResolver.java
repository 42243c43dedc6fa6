package io.timonel.plugins.ingress.backends;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.timonel.plugins.ingress.routing.BackendRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves backends to the addresses the proxy connects to: the Service port the Ingress names
 * (by number or name), then, in the Service's EndpointSlices (label {@code kubernetes.io/service-name}),
 * the endpoint port of the same name (the slice port carries the target port) and the addresses
 * of the ready endpoints ({@code conditions.ready} true or unset). The proxy goes to the pods
 * directly, as ingress controllers do, not through the ClusterIP.
 */
public final class EndpointResolver {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, List<EndpointSlice>> slices = new HashMap<>();

    /** A resolver over a snapshot of Services and EndpointSlices (of any namespaces). */
    public EndpointResolver(Collection<Service> services, Collection<EndpointSlice> slices) {
        for (Service s : services) {
            this.services.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
        }
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null) {
                this.slices.computeIfAbsent(key(slice.getMetadata().getNamespace(), service), k -> new ArrayList<>())
                        .add(slice);
            }
        }
    }

    /** The upstream of {@code backend}: empty when the Service, its port or ready endpoints are missing. */
    public Upstream resolve(BackendRef backend) {
        String key = key(backend.namespace(), backend.service());
        Optional<ServicePort> port = servicePort(services.get(key), backend);
        if (port.isEmpty()) {
            return new Upstream(backend, List.of());
        }
        String portName = emptyToNull(port.get().getName());
        Set<URI> endpoints = new LinkedHashSet<>();
        for (EndpointSlice slice : slices.getOrDefault(key, List.of())) {
            if (slice.getAddressType() != null && "FQDN".equals(slice.getAddressType())) {
                continue;
            }
            Integer target = slicePort(slice, portName);
            if (target == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
                        || e.getConditions().getReady();
                if (ready && e.getAddresses() != null && !e.getAddresses().isEmpty()) {
                    endpoints.add(uri(e.getAddresses().get(0), target));
                }
            }
        }
        List<URI> sorted = new ArrayList<>(endpoints);
        sorted.sort(null);
        return new Upstream(backend, sorted);
    }

    private static Optional<ServicePort> servicePort(Service service, BackendRef backend) {
        if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> backend.portName() != null ? backend.portName().equals(p.getName())
                        : Objects.equals(p.getPort(), backend.portNumber()))
                .filter(p -> p.getProtocol() == null || "TCP".equals(p.getProtocol()))
                .findFirst();
    }

    private static Integer slicePort(EndpointSlice slice, String portName) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort p : slice.getPorts()) {
            if (Objects.equals(emptyToNull(p.getName()), portName) && p.getPort() != null
                    && (p.getProtocol() == null || "TCP".equals(p.getProtocol()))) {
                return p.getPort();
            }
        }
        return null;
    }

    private static URI uri(String address, int port) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
