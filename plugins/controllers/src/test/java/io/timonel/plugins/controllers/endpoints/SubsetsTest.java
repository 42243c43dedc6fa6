package io.timonel.plugins.controllers.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SubsetsTest {

    static Pod pod(String name, String ip, boolean ready, Integer httpPort) {
        var spec = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c");
        if (httpPort != null) {
            spec = spec.addNewPort().withName("http").withContainerPort(httpPort).endPort();
        }
        return spec.endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    static Service service(IntOrString target, boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("svc").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).withPublishNotReadyAddresses(publishNotReady)
                .addNewPort().withName("web").withPort(80).withTargetPort(target).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    @Test
    void readyPodsAreAddressesAndOthersNotReadyAddresses() {
        List<EndpointSubset> subsets = Subsets.of(service(new IntOrString(8080), false),
                List.of(pod("b", "10.0.0.2", false, null), pod("a", "10.0.0.10", true, null), pod("c", "10.0.0.9", true, null)));
        assertEquals(1, subsets.size());
        assertEquals(List.of("10.0.0.9", "10.0.0.10"), subsets.get(0).getAddresses().stream().map(a -> a.getIp()).toList());
        assertEquals("10.0.0.2", subsets.get(0).getNotReadyAddresses().get(0).getIp());
        assertEquals(8080, subsets.get(0).getPorts().get(0).getPort());
        assertEquals("node-1", subsets.get(0).getAddresses().get(0).getNodeName());
        assertEquals("Pod", subsets.get(0).getAddresses().get(0).getTargetRef().getKind());
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReady() {
        List<EndpointSubset> subsets = Subsets.of(service(new IntOrString(8080), true), List.of(pod("b", "10.0.0.2", false, null)));
        assertEquals(1, subsets.get(0).getAddresses().size());
        assertNull(subsets.get(0).getNotReadyAddresses());
    }

    @Test
    void namedTargetPortsResolvePerPodAndGroupPodsBySamePorts() {
        List<EndpointSubset> subsets = Subsets.of(service(new IntOrString("http"), false),
                List.of(pod("a", "10.0.0.1", true, 8080), pod("b", "10.0.0.2", true, 9090),
                        pod("c", "10.0.0.3", true, 8080), pod("none", "10.0.0.4", true, null)));
        assertEquals(2, subsets.size(), "one subset per port set; a pod without the named port is left out");
        assertEquals(List.of(8080, 9090), subsets.stream().map(s -> s.getPorts().get(0).getPort()).toList());
        assertEquals(2, subsets.get(0).getAddresses().size());
    }

    @Test
    void hostnameOnlyWhenTheSubdomainNamesTheService() {
        Service svc = service(new IntOrString(80), false);
        Pod named = new PodBuilder(pod("a", "10.0.0.1", true, null)).editSpec().withHostname("a").withSubdomain("web")
                .endSpec().build();
        Pod other = new PodBuilder(pod("b", "10.0.0.2", true, null)).editSpec().withHostname("b").withSubdomain("db")
                .endSpec().build();
        assertEquals("a", ServicePods.hostname(svc, named));
        assertNull(ServicePods.hostname(svc, other));
    }

    @Test
    void targetPortResolution() {
        Pod p = pod("a", "10.0.0.1", true, 8080);
        record Case(IntOrString target, String protocol, OptionalInt expected) {
        }
        for (Case c : List.of(
                new Case(new IntOrString(9000), "TCP", OptionalInt.of(9000)),
                new Case(null, "TCP", OptionalInt.of(80)),
                new Case(new IntOrString("http"), "TCP", OptionalInt.of(8080)),
                new Case(new IntOrString("http"), "UDP", OptionalInt.empty()),
                new Case(new IntOrString("grpc"), "TCP", OptionalInt.empty()))) {
            var sp = new ServicePortBuilder().withPort(80).withTargetPort(c.target()).withProtocol(c.protocol()).build();
            assertEquals(c.expected(), TargetPorts.resolve(sp, p), c.toString());
        }
    }

    @Test
    void terminalPodsAndPodsWithoutIpAreNoEndpoints() {
        Pod done = new PodBuilder(pod("done", "10.0.0.5", false, null)).editStatus().withPhase("Succeeded").endStatus().build();
        Pod noIp = new PodBuilder(pod("new", null, false, null)).build();
        Pod going = new PodBuilder(pod("going", "10.0.0.6", true, null)).editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        Service svc = service(new IntOrString(80), false);
        assertEquals(List.of(), ServicePods.of(svc, List.of(done, noIp, going), false));
        assertEquals(List.of(going), ServicePods.of(svc, List.of(done, noIp, going), true));
    }

    private static List<io.fabric8.kubernetes.api.model.EndpointAddress> addresses(int n) {
        List<io.fabric8.kubernetes.api.model.EndpointAddress> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new io.fabric8.kubernetes.api.model.EndpointAddressBuilder().withIp("10.1." + (i / 250) + "." + (i % 250)).build());
        }
        return out;
    }

    @Test
    void overCapacityCutsNotReadyAddressesFirst() {
        List<EndpointSubset> subsets = List.of(new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder()
                .withAddresses(addresses(900)).withNotReadyAddresses(addresses(200)).build());
        assertEquals(true, Subsets.truncate(subsets));
        assertEquals(900, subsets.get(0).getAddresses().size());
        assertEquals(100, subsets.get(0).getNotReadyAddresses().size());
    }

    @Test
    void tooManyReadyAddressesAreCutInProportionAndNotReadyOnesDropped() {
        List<EndpointSubset> subsets = List.of(
                new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder().withAddresses(addresses(600))
                        .withNotReadyAddresses(addresses(10)).build(),
                new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder().withAddresses(addresses(500)).build());
        assertEquals(true, Subsets.truncate(subsets));
        assertEquals(List.of(546, 454), subsets.stream().map(s -> s.getAddresses().size()).toList());
        assertNull(subsets.get(0).getNotReadyAddresses());
        assertEquals(false, Subsets.truncate(List.of(new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder()
                .withAddresses(addresses(1000)).build())));
    }

    @Test
    void slicesCarryTheNodesZone() {
        var e = DesiredSlices.endpoint(service(new IntOrString(80), false), pod("a", "10.0.0.1", true, null),
                node -> node.equals("node-1") ? "zone-a" : null);
        assertEquals("zone-a", e.getZone());
    }
}
