package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Service proxy's scenarios, run against each data plane by a subclass ({@link ServiceProxyIT}
 * for iptables, {@link NftablesServiceProxyIT} for nftables). The proxy and the service load
 * balancer, loaded by PF4J in a real kernel, program a network namespace that plays the node: a "backends" namespace behind it runs two HTTP servers
 * (busybox httpd; curl is the client), a "client" namespace in front of it is the outside world. Traffic is checked
 * both from the client (through PREROUTING and FORWARD) and from the node itself (OUTPUT). Nothing
 * touches the host's tables; namespaces are removed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceProxyScenarios {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String NODE_ADDRESS = "192.168.77.1";
    /** curl's exit status for a refused connection (a timeout is 28). */
    private static final int CURL_COULD_NOT_CONNECT = 7;
    NetnsLab lab;
    TestCluster cluster;
    KubernetesClient client;
    String node;
    String backends;
    String outside;

    /** The proxy's {@code mode} setting. */
    abstract String mode();

    /** Whether the tools of this mode are there (beyond {@link NetnsLab#usable()}). */
    abstract boolean toolsPresent();

    /** Asserts that the proxy's rules are in the node's namespace. */
    abstract boolean programmed();

    /** Asserts that nothing of the proxy is left in the node's namespace once it stopped. */
    abstract void assertNothingLeft();

    @BeforeAll
    void setUp() throws Exception {
        assumeTrue(NetnsLab.usable() && toolsPresent(), "needs root, ip, iptables-restore, busybox and curl ("
                + mode() + " mode: its tools too)");
        lab = new NetnsLab();
        node = lab.namespace("n");
        backends = lab.namespace("b");
        outside = lab.namespace("c");
        String backendLink = lab.link(node, "10.42.7.1/24", backends, "10.42.7.2/24");
        lab.must("ip", "-n", backends, "addr", "add", "10.42.7.3/24", "dev", backendLink);
        lab.link(node, NODE_ADDRESS + "/24", outside, "192.168.77.2/24");
        lab.must("ip", "-n", backends, "route", "add", "default", "via", "10.42.7.1");
        lab.must("ip", "-n", outside, "route", "add", "default", "via", NODE_ADDRESS);
        // the node's upstream is the client side, as a host's default route would be: cluster IPs need a
        // route before OUTPUT's DNAT sees them
        lab.must("ip", "-n", node, "route", "add", "default", "via", "192.168.77.2");
        lab.must("ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (String who : List.of("a", "b")) {
            Path root = Files.createTempDirectory("proxy-it-" + who);
            Files.writeString(root.resolve("index.html"), "backend-" + who + "\n");
            lab.background(backends, "busybox", "httpd", "-f", "-p", (who.equals("a") ? "10.42.7.2" : "10.42.7.3") + ":8080",
                    "-h", root.toString());
        }
        await("backends answer", () -> get(node, "http://10.42.7.2:8080/").equals("backend-a")
                && get(node, "http://10.42.7.3:8080/").equals("backend-b"));

        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("service-proxy", Map.of("netns", node, "minSyncInterval", "50ms", "mode", mode()))
                .withControllerSettings("service-lb", Map.of("pool", "10.43.0.0/24")));
        client = cluster.client();
    }

    @AfterAll
    void tearDown() {
        try {
            if (cluster != null) {
                cluster.close();
                assertNothingLeft();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void clusterIpNodePortAndExternalIpBalanceAcrossReadyEndpoints() {
        create(service("web", "10.96.50.10", 80).editSpec().withType("NodePort").editFirstPort().withNodePort(30080)
                .endPort().withExternalIPs("198.51.100.10").endSpec().build(), "10.42.7.2", "10.42.7.3");
        await("the cluster IP answers from the client", () -> !get(outside, "http://10.96.50.10/").isEmpty());
        assertEquals(Set.of("backend-a", "backend-b"), seen(outside, "http://10.96.50.10/"), "both endpoints serve");
        assertEquals(Set.of("backend-a", "backend-b"), seen(node, "http://10.96.50.10/"), "from the node itself too");
        assertTrue(get(outside, "http://" + NODE_ADDRESS + ":30080/").startsWith("backend-"), "node port from outside");
        assertTrue(get(node, "http://10.42.7.1:30080/").startsWith("backend-"), "node port on another node address, from the node");
        assertTrue(get(outside, "http://198.51.100.10/").startsWith("backend-"), "external IP");
    }

    @Test
    void sessionAffinityKeepsAClientOnOneEndpoint() {
        Service sticky = service("sticky", "10.96.50.11", 80).editSpec().withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60).endClientIP()
                .endSessionAffinityConfig().endSpec().build();
        create(sticky, "10.42.7.2", "10.42.7.3");
        await("the sticky service answers", () -> !get(outside, "http://10.96.50.11/").isEmpty());
        assertEquals(1, seen(outside, "http://10.96.50.11/").size(), "one client, one endpoint");
    }

    @Test
    void aServiceWithoutEndpointsRefusesAtOnce() {
        create(service("empty", "10.96.50.12", 80).build());
        await("the empty service refuses", () -> refused(outside, "http://10.96.50.12/"));
        NetnsLab.Run fromNode = lab.in(node, "curl", "-s", "-m", "5", "http://10.96.50.12/");
        assertEquals(CURL_COULD_NOT_CONNECT, fromNode.status(), fromNode.output());
        assertTrue(fromNode.millis() < 2000, "refused in " + fromNode.millis() + " ms: " + fromNode.output());
    }

    @Test
    void anEndpointThatIsNotReadyGetsNoTraffic() {
        create(service("half", "10.96.50.13", 80).build(), "10.42.7.2");
        await("half answers", () -> get(outside, "http://10.96.50.13/").equals("backend-a"));
        client.discovery().v1().endpointSlices().inNamespace("default").resource(slice("half",
                new String[] {"10.42.7.3"}, new String[] {"10.42.7.2"})).update();
        await("only the ready endpoint serves", () -> seen(outside, "http://10.96.50.13/").equals(Set.of("backend-b")));
    }

    @Test
    void aLoadBalancerGetsAPoolAddressThatTheProxyAnswersOn() {
        create(service("lb", "10.96.50.14", 80).editSpec().withType("LoadBalancer").editFirstPort().withNodePort(30081)
                .endPort().endSpec().build(), "10.42.7.2");
        await("the load balancer address is written", () -> {
            Service s = client.services().inNamespace("default").withName("lb").get();
            return s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                    && s.getStatus().getLoadBalancer().getIngress() != null
                    && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
        });
        String ip = client.services().inNamespace("default").withName("lb").get().getStatus().getLoadBalancer()
                .getIngress().get(0).getIp();
        assertEquals("10.43.0.1", ip);
        await("the load balancer address answers", () -> get(outside, "http://" + ip + "/").equals("backend-a"));
    }

    @Test
    void aPodReachingItselfThroughItsServiceGetsAnAnswer() {
        create(service("self", "10.96.50.15", 80).build(), "10.42.7.2");
        await("self answers from outside", () -> get(outside, "http://10.96.50.15/").equals("backend-a"));
        NetnsLab.Run hairpin = lab.in(backends, "curl", "-s", "-m", "3", "--interface", "10.42.7.2", "http://10.96.50.15/");
        assertEquals("backend-a", hairpin.output().strip(), "hairpin (status " + hairpin.status() + ")");
    }

    @Test
    void rulesAreInTheNodesNamespaceWhileRunning() {
        await("the proxy's rules exist", this::programmed);
    }

    private Set<String> seen(String ns, String url) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            seen.add(get(ns, url));
        }
        return seen;
    }

    private String get(String ns, String url) {
        NetnsLab.Run run = lab.in(ns, "curl", "-s", "-m", "2", url);
        return run.ok() ? run.output().strip() : "";
    }

    private boolean refused(String ns, String url) {
        NetnsLab.Run run = lab.in(ns, "curl", "-s", "-m", "5", url);
        return run.status() == CURL_COULD_NOT_CONNECT && run.millis() < 2000;
    }

    private static ServiceBuilder service(String name, String clusterIp, int port) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort().endSpec();
    }

    private void create(Service service, String... readyEndpoints) {
        client.services().inNamespace("default").resource(service).create();
        client.discovery().v1().endpointSlices().inNamespace("default")
                .resource(slice(service.getMetadata().getName(), readyEndpoints, new String[0])).create();
    }

    private EndpointSlice slice(String service, String[] ready, String[] notReady) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("default")
                .withName(service + "-slice").addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
        for (String ip : ready) {
            b.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint();
        }
        for (String ip : notReady) {
            b.addNewEndpoint().withAddresses(ip).withNewConditions().withReady(false).endConditions().endEndpoint();
        }
        EndpointSlice built = b.build();
        if (notReady.length > 0) {
            EndpointSlice current = client.discovery().v1().endpointSlices().inNamespace("default")
                    .withName(service + "-slice").get();
            built.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        }
        return built;
    }

    private static void await(String what, Supplier<Boolean> condition) {
        TestCluster.await(what, WITHIN, condition::get);
    }
}
