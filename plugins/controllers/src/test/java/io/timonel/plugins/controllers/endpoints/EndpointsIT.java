package io.timonel.plugins.controllers.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointsIT {
    private static final String NS = "default";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager",
                        Map.of("controllers", "endpoints,endpointslice,kubernetes-service", "max-endpoints-per-slice", "2")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void pod(String name, String app, String ip, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("nginx")
                .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec()
                .build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP(ip)
                .withPodIPs(new io.fabric8.kubernetes.api.model.PodIPBuilder().withIp(ip).build())
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static void service(String name, String app) {
        client.services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("app", app))
                .addNewPort().withName("web").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
    }

    private static List<EndpointSlice> slices(String service) {
        return client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", service).list().getItems();
    }

    @Test
    void readyAndNotReadyPodsBecomeAddressesAndNotReadyAddresses() {
        pod("web-a", "web", "10.244.0.10", true);
        pod("web-b", "web", "10.244.0.11", false);
        service("web", "web");

        TestCluster.await("endpoints of web", Duration.ofSeconds(20), () -> {
            Endpoints ep = client.endpoints().inNamespace(NS).withName("web").get();
            return ep != null && ep.getSubsets() != null && ep.getSubsets().size() == 1
                    && ep.getSubsets().get(0).getAddresses().size() == 1
                    && ep.getSubsets().get(0).getNotReadyAddresses().size() == 1;
        });
        var subset = client.endpoints().inNamespace(NS).withName("web").get().getSubsets().get(0);
        assertEquals("10.244.0.10", subset.getAddresses().get(0).getIp());
        assertEquals("web-a", subset.getAddresses().get(0).getTargetRef().getName());
        assertEquals("node-1", subset.getAddresses().get(0).getNodeName());
        assertEquals("10.244.0.11", subset.getNotReadyAddresses().get(0).getIp());
        assertEquals(8080, subset.getPorts().get(0).getPort());
        assertEquals("web", subset.getPorts().get(0).getName());

        TestCluster.await("an endpoint slice of web", Duration.ofSeconds(20), () -> slices("web").stream()
                .mapToInt(s -> s.getEndpoints() == null ? 0 : s.getEndpoints().size()).sum() == 2);
        EndpointSlice slice = slices("web").get(0);
        assertEquals("endpointslice-controller.k8s.io",
                slice.getMetadata().getLabels().get("endpointslice.kubernetes.io/managed-by"));
        assertEquals("IPv4", slice.getAddressType());
        assertEquals("Service", slice.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(8080, slice.getPorts().get(0).getPort());
        var notReady = slice.getEndpoints().stream().filter(e -> e.getTargetRef().getName().equals("web-b")).findFirst().get();
        assertEquals(false, notReady.getConditions().getReady());
        assertEquals(false, notReady.getConditions().getServing());
        assertEquals(false, notReady.getConditions().getTerminating());
    }

    @Test
    void aPodTurningReadyMovesToAddressesAndSlicesSplitAtTheLimit() {
        pod("api-a", "api", "10.244.1.10", false);
        pod("api-b", "api", "10.244.1.11", true);
        pod("api-c", "api", "10.244.1.12", true);
        service("api", "api");
        TestCluster.await("three endpoints in two slices (limit 2)", Duration.ofSeconds(20), () -> {
            List<EndpointSlice> s = slices("api");
            return s.size() == 2 && s.stream().mapToInt(x -> x.getEndpoints() == null ? 0 : x.getEndpoints().size()).sum() == 3;
        });

        Pod a = client.pods().inNamespace(NS).withName("api-a").get();
        a.getStatus().getConditions().get(0).setStatus("True");
        client.pods().inNamespace(NS).resource(a).updateStatus();
        TestCluster.await("all addresses ready", Duration.ofSeconds(20), () -> {
            Endpoints ep = client.endpoints().inNamespace(NS).withName("api").get();
            return ep.getSubsets().size() == 1 && ep.getSubsets().get(0).getAddresses().size() == 3
                    && (ep.getSubsets().get(0).getNotReadyAddresses() == null || ep.getSubsets().get(0).getNotReadyAddresses().isEmpty());
        });

        client.pods().inNamespace(NS).withName("api-b").delete();
        TestCluster.await("a deleted pod leaves the endpoints", Duration.ofSeconds(20), () ->
                client.endpoints().inNamespace(NS).withName("api").get().getSubsets().get(0).getAddresses().size() == 2);
    }

    private static boolean hostHasNonLoopbackIpv4() throws java.net.SocketException {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            boolean containers = java.util.List.of("docker", "br-", "veth", "timonel", "cni").stream()
                    .anyMatch(nic.getName()::startsWith);
            if (nic.isUp() && !nic.isLoopback() && !containers && nic.inetAddresses()
                    .anyMatch(a -> a instanceof java.net.Inet4Address && !a.isLinkLocalAddress())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void servicesWithoutSelectorAreLeftAloneAndTheKubernetesServiceExists() throws Exception {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("manual").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        TestCluster.await("the kubernetes service and endpoints", Duration.ofSeconds(20), () ->
                client.endpoints().inNamespace(NS).withName("kubernetes").get() != null);
        var svc = client.services().inNamespace(NS).withName("kubernetes").get();
        assertEquals(443, svc.getSpec().getPorts().get(0).getPort());
        var ep = client.endpoints().inNamespace(NS).withName("kubernetes").get();
        assertEquals(client.getMasterUrl().getPort(), ep.getSubsets().get(0).getPorts().get(0).getPort());
        assertEquals("10.96.0.1", svc.getSpec().getClusterIP());
        // pods reach the API server at the host's address: their own loopback is not the server's
        String address = ep.getSubsets().get(0).getAddresses().get(0).getIp();
        if (hostHasNonLoopbackIpv4()) {
            assertFalse(java.net.InetAddress.getByName(address).isLoopbackAddress(), address);
        }
        assertNull(client.endpoints().inNamespace(NS).withName("manual").get());
        assertEquals(0, slices("manual").size());
    }

    @Test
    void endpointsWrittenAheadOfTheirServiceAreKept() throws InterruptedException {
        client.endpoints().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.EndpointsBuilder()
                .withNewMetadata().withName("ahead").endMetadata().addNewSubset().addNewAddress().withIp("192.168.1.1")
                .endAddress().addNewPort().withPort(80).endPort().endSubset().build()).create();
        Thread.sleep(1000); // nothing to wait for: the controller must not act
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("ahead").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        Thread.sleep(500);
        assertEquals("192.168.1.1", client.endpoints().inNamespace(NS).withName("ahead").get().getSubsets().get(0)
                .getAddresses().get(0).getIp());
    }
}
