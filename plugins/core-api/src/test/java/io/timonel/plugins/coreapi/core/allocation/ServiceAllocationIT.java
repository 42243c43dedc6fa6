package io.timonel.plugins.coreapi.core.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.timonel.kernel.store.sqlite.EmbeddedStoreFactory;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.spi.store.StoreBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster IPs and node ports through the real API server with the core-api plugin loaded. */
class ServiceAllocationIT {
    private static final String KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
    private static final String RESERVATIONS = "/registry/timonel.io/reservations/";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings(ServiceAllocator.NAME, Map.of("repair-grace-seconds", "0")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Service clusterIp(String name, String ip) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withClusterIP(ip).withSelector(Map.of("app", name))
                .addNewPort().withPort(80).endPort().endSpec().build();
    }

    private static Service nodePort(String name, Integer port) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withType("NodePort")
                .addNewPort().withName("http").withPort(80).withNodePort(port).endPort().endSpec().build();
    }

    private static Service create(String namespace, Service service) {
        return client.services().inNamespace(namespace).resource(service).create();
    }

    @Test
    void concurrentCreatesNeverShareAClusterIPOrNodePort() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("many").endMetadata().build())
                .create();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Service>> made = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = "s" + i;
            made.add(pool.submit(() -> create("many", nodePort(name, null))));
        }
        Set<String> ips = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Future<Service> f : made) {
            Service s = f.get(60, TimeUnit.SECONDS);
            assertTrue(ips.add(s.getSpec().getClusterIP()), "duplicate " + s.getSpec().getClusterIP());
            assertTrue(ports.add(s.getSpec().getPorts().get(0).getNodePort()), "duplicate node port");
        }
        pool.shutdown();
        // and what was returned is what is stored
        for (Service s : client.services().inNamespace("many").list().getItems()) {
            assertTrue(ips.contains(s.getSpec().getClusterIP()));
            assertEquals(List.of(s.getSpec().getClusterIP()), s.getSpec().getClusterIPs());
            assertEquals(List.of("IPv4"), s.getSpec().getIpFamilies());
            assertEquals("SingleStack", s.getSpec().getIpFamilyPolicy());
        }
    }

    @Test
    void aTakenClusterIPIsRefusedWithAnInvalidStatusAndFreedByTheDelete() {
        create("default", clusterIp("first", "10.96.0.100"));
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> create("default", clusterIp("second", "10.96.0.100")));
        assertEquals(422, e.getCode());
        assertEquals("Invalid", e.getStatus().getReason());
        assertEquals("spec.clusterIPs[0]", e.getStatus().getDetails().getCauses().get(0).getField());
        assertTrue(e.getStatus().getMessage().contains("provided IP is already allocated"), e.getStatus().getMessage());

        KubernetesClientException outside = assertThrows(KubernetesClientException.class,
                () -> create("default", clusterIp("third", "192.168.0.1")));
        assertEquals(422, outside.getCode());
        assertNull(client.services().inNamespace("default").withName("second").get());

        client.services().inNamespace("default").withName("first").delete();
        assertEquals("10.96.0.100", create("default", clusterIp("second", "10.96.0.100")).getSpec().getClusterIP());
        client.services().inNamespace("default").withName("second").delete();
    }

    @Test
    void aTakenNodePortIsRefusedAndTheClusterIPItsCreateTookIsGivenBack() {
        create("default", nodePort("np-a", 30999));
        int before = client.services().inAnyNamespace().list().getItems().size();
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> create("default", nodePort("np-b", 30999)));
        assertEquals(422, e.getCode());
        assertTrue(e.getStatus().getMessage().contains("provided port is already allocated"));
        assertEquals(before, client.services().inAnyNamespace().list().getItems().size());
        client.services().inNamespace("default").withName("np-a").delete();
        create("default", nodePort("np-b", 30999));
        client.services().inNamespace("default").withName("np-b").delete();
    }

    @Test
    void headlessAndExternalNameServicesHaveNoAllocatedAddress() {
        Service headless = create("default", clusterIp("headless", "None"));
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(List.of("None"), headless.getSpec().getClusterIPs());
        Service external = create("default", new ServiceBuilder().withNewMetadata().withName("ext").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("example.com").endSpec().build());
        assertNull(external.getSpec().getClusterIP());
        client.services().inNamespace("default").withName("headless").delete();
        client.services().inNamespace("default").withName("ext").delete();
    }

    @Test
    void typeChangesAllocateAndReleaseNodePortsAndTheClusterIPStays() {
        Service svc = create("default", clusterIp("morph", ""));
        String ip = svc.getSpec().getClusterIP();
        Service asNodePort = client.services().inNamespace("default").withName("morph").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"type\":\"NodePort\"}}");
        Integer port = asNodePort.getSpec().getPorts().get(0).getNodePort();
        assertNotNull(port);
        assertEquals(ip, asNodePort.getSpec().getClusterIP());

        KubernetesClientException immutable = assertThrows(KubernetesClientException.class,
                () -> client.services().inNamespace("default").withName("morph").patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"clusterIP\":\"10.96.0.201\","
                                + "\"clusterIPs\":[\"10.96.0.201\"]}}"));
        assertEquals(422, immutable.getCode());
        assertTrue(immutable.getStatus().getMessage().contains("field is immutable"));

        Service back = client.services().inNamespace("default").withName("morph").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertNull(back.getSpec().getPorts().get(0).getNodePort());
        // the released node port is free for another Service
        create("default", nodePort("takes-port", port));

        Service external = client.services().inNamespace("default").withName("morph").patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}");
        assertNull(external.getSpec().getClusterIP());
        create("default", clusterIp("takes-ip", ip)); // the address was released with the change
        client.services().inNamespace("default").withName("morph").delete();
        client.services().inNamespace("default").withName("takes-port").delete();
        client.services().inNamespace("default").withName("takes-ip").delete();
    }

    @Test
    void aNamespaceCascadeReleasesItsServicesAddresses() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
                .create();
        create("doomed", clusterIp("x", "10.96.0.150"));
        client.namespaces().withName("doomed").delete();
        TestCluster.await("namespace doomed gone", Duration.ofSeconds(20),
                () -> client.namespaces().withName("doomed").get() == null);
        create("default", clusterIp("reuse", "10.96.0.150"));
        client.services().inNamespace("default").withName("reuse").delete();
    }

    @Test
    void kubectlShowsTheClusterIPAndNodePorts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(KUBECTL)), "kubectl 1.33 not installed");
        create("default", clusterIp("shown", "10.96.0.77"));
        create("default", nodePort("shown-np", 30777));
        Process p = new ProcessBuilder(KUBECTL, "--kubeconfig", cluster.kernel().adminKubeconfig().toString(),
                "get", "svc", "shown", "shown-np").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("shown\\s+ClusterIP\\s+10\\.96\\.0\\.77\\s+<none>\\s+80/TCP.*")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches("shown-np\\s+NodePort\\s+10\\.\\S+\\s+<none>\\s+80:30777/TCP.*")),
                out);
        client.services().inNamespace("default").withName("shown").delete();
        client.services().inNamespace("default").withName("shown-np").delete();
    }

    @Test
    void repairAtStartReleasesClaimsOfServicesThatNeverGotStoredAndReclaimsUnreservedOnes() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("repair").endMetadata().build())
                .create();
        Service kept = create("repair", clusterIp("kept", "10.96.0.180"));
        Path dataDir = cluster.kernel().adminKubeconfig().getParent();
        cluster.kernel().close();
        // what a crash could leave: a claim whose Service was never written, and a stored Service
        // whose claim is lost
        try (StoreBackend store = new EmbeddedStoreFactory().open(dataDir, Map.of())) {
            store.create(RESERVATIONS + "service-cluster-ips/10.96.0.181", ("{\"pool\":\"service-cluster-ips\","
                    + "\"value\":\"10.96.0.181\",\"owner\":{\"namespace\":\"repair\",\"name\":\"ghost\",\"uid\":\"u\"},"
                    + "\"claimedAt\":\"2020-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
            assertNotNull(store.delete(RESERVATIONS + "service-cluster-ips/10.96.0.180", 0));
        }
        cluster.restart();
        // the repair ran before the API server answered
        assertEquals("10.96.0.181", create("repair", clusterIp("ghost", "10.96.0.181")).getSpec().getClusterIP());
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> create("repair", clusterIp("copy", "10.96.0.180")));
        assertEquals(422, e.getCode());
        assertFalse(kept.getSpec().getClusterIP().isEmpty());
    }

    static List<Integer> nodePorts(Service s) {
        return s.getSpec().getPorts().stream().map(ServicePort::getNodePort).toList();
    }
}
