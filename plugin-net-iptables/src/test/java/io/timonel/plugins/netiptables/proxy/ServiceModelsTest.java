package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceModelsTest {

    private static ServiceBuilder service(String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.20").withClusterIPs("10.96.0.20")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withPort(9090).withProtocol("TCP").endPort().endSpec();
    }

    private static EndpointSlice slice(String service) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-x")
                .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("10.42.0.5").withNodeName("node-a").withNewConditions().withReady(true)
                .endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.42.1.5").withNodeName("node-b").withNewConditions().withReady(false)
                .withServing(true).withTerminating(true).endConditions().endEndpoint()
                .build();
    }

    @Test
    void eachServicePortGetsTheSliceEndpointsOfTheSamePortName() {
        List<ServicePort> ports = ServiceModels.ports(List.of(service("web").build()), List.of(slice("web")), "node-a");
        assertEquals(2, ports.size());
        ServicePort http = ports.get(0);
        assertEquals("default/web:http/TCP", http.key());
        assertEquals(List.of(new Endpoint("10.42.0.5", 8080, true, true, false, true),
                new Endpoint("10.42.1.5", 8080, false, true, true, false)), http.endpoints());
        assertTrue(ports.get(1).endpoints().isEmpty(), "no slice port named metrics");
    }

    @Test
    void localLoadBalancersGetAHealthCheckCountingTheirReadyEndpointsOnThisNode() {
        Service local = service("web").editSpec().withType("LoadBalancer").withExternalTrafficPolicy("Local")
                .withHealthCheckNodePort(31500).endSpec().build();
        Service cluster = service("other").editSpec().withType("LoadBalancer").withExternalTrafficPolicy("Cluster")
                .endSpec().build();
        List<Service> services = List.of(local, cluster);

        Map<Integer, ServiceModels.LocalEndpoints> onA = ServiceModels.healthChecks(services,
                ServiceModels.ports(services, List.of(slice("web")), "node-a"));
        assertEquals(Map.of(31500, new ServiceModels.LocalEndpoints("default", "web", 1)), onA);
        Map<Integer, ServiceModels.LocalEndpoints> onB = ServiceModels.healthChecks(services,
                ServiceModels.ports(services, List.of(slice("web")), "node-b"));
        assertEquals(0, onB.get(31500).count(), "node-b's endpoint is terminating, not ready");
    }

    @Test
    void headlessAndExternalNameServicesAreNotProxied() {
        Service headless = service("h").editSpec().withClusterIP("None").withClusterIPs("None").endSpec().build();
        Service external = service("e").editSpec().withType("ExternalName").withExternalName("example.com").endSpec().build();
        assertTrue(ServiceModels.ports(List.of(headless, external), List.of(), "node-a").isEmpty());
    }

    @Test
    void nodePortsAffinityPoliciesAndLoadBalancerAddressesAreRead() {
        Service lb = service("lb").editSpec().withType("LoadBalancer").editFirstPort().withNodePort(30080).endPort()
                .withSessionAffinity("ClientIP").withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Local")
                .endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.43.0.1").withIpMode("VIP")
                .endIngress().addNewIngress().withIp("10.43.0.9").withIpMode("Proxy").endIngress().endLoadBalancer()
                .endStatus().build();
        ServicePort http = ServiceModels.ports(List.of(lb), List.of(), "node-a").get(0);
        assertEquals(30080, http.nodePort());
        assertEquals(ServiceModels.DEFAULT_AFFINITY_SECONDS, http.affinitySeconds());
        assertTrue(http.internalLocal() && http.externalLocal());
        assertEquals(List.of("10.43.0.1"), http.loadBalancerIps(), "ipMode Proxy addresses are not short-circuited");
    }
}
