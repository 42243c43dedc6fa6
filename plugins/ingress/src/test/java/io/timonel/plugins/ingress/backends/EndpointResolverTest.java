package io.timonel.plugins.ingress.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.timonel.plugins.ingress.routing.BackendRef;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {

    private static Service service(String name, String portName, int port, int targetPort) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withPorts(new ServicePortBuilder().withName(portName).withPort(port)
                        .withNewTargetPort(targetPort).withProtocol("TCP").build()).endSpec().build();
    }

    private static EndpointSlice slice(String service, String portName, int port, Object... addressAndReady) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("default")
                .withName(service + "-" + port).addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
        for (int i = 0; i < addressAndReady.length; i += 2) {
            b.addToEndpoints(new EndpointBuilder().withAddresses((String) addressAndReady[i])
                    .withNewConditions().withReady((Boolean) addressAndReady[i + 1]).endConditions().build());
        }
        return b.build();
    }

    @Test
    void aNumberedBackendResolvesToTheReadyAddressesAtTheTargetPort() {
        EndpointResolver resolver = new EndpointResolver(List.of(service("web", "http", 80, 8080)),
                List.of(slice("web", "http", 8080, "10.42.0.5", true, "10.42.0.6", false, "10.42.0.7", null)));

        Upstream upstream = resolver.resolve(BackendRef.numbered("default", "web", 80));

        assertEquals(List.of(URI.create("http://10.42.0.5:8080"), URI.create("http://10.42.0.7:8080")),
                upstream.endpoints());
    }

    @Test
    void aNamedBackendPicksTheSlicePortOfTheSameName() {
        Service two = new ServiceBuilder(service("web", "http", 80, 8080)).editSpec()
                .addToPorts(new ServicePortBuilder().withName("admin").withPort(81).withNewTargetPort(9090).build())
                .endSpec().build();
        EndpointResolver resolver = new EndpointResolver(List.of(two),
                List.of(slice("web", "http", 8080, "10.42.0.5", true), slice("web", "admin", 9090, "10.42.0.5", true)));

        assertEquals(List.of(URI.create("http://10.42.0.5:9090")),
                resolver.resolve(BackendRef.named("default", "web", "admin")).endpoints());
    }

    @Test
    void aMissingServiceOrPortOrNoReadyEndpointGivesAnEmptyUpstream() {
        EndpointResolver resolver = new EndpointResolver(List.of(service("web", "http", 80, 8080)),
                List.of(slice("web", "http", 8080, "10.42.0.5", false)));

        assertTrue(resolver.resolve(BackendRef.numbered("default", "web", 80)).isEmpty());
        assertTrue(resolver.resolve(BackendRef.numbered("default", "web", 81)).isEmpty());
        assertTrue(resolver.resolve(BackendRef.numbered("default", "other", 80)).isEmpty());
        assertTrue(resolver.resolve(BackendRef.numbered("elsewhere", "web", 80)).isEmpty());
    }

    @Test
    void endpointsAreTakenInTurn() {
        Upstream upstream = new Upstream(BackendRef.numbered("default", "web", 80),
                List.of(URI.create("http://a:1"), URI.create("http://b:1"), URI.create("http://c:1")));

        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(upstream.next(u -> true));
        }

        assertEquals(3, seen.size());
    }

    @Test
    void anEndpointNotUsableIsSkippedWhileAnotherIsLeft() {
        Upstream upstream = new Upstream(BackendRef.numbered("default", "web", 80),
                List.of(URI.create("http://bad:1"), URI.create("http://good:1")));

        for (int i = 0; i < 4; i++) {
            assertEquals(URI.create("http://good:1"), upstream.next(u -> !u.getHost().equals("bad")));
        }
        assertEquals(URI.create("http://bad:1"), new Upstream(upstream.backend(), List.of(URI.create("http://bad:1")))
                .next(u -> false));
    }
}
