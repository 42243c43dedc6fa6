package io.timonel.plugins.netiptables.netpol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;

/**
 * NetworkPolicy enforced on real traffic: a kernel runs the network-policy component for a node of
 * the test's own, the test's Pod objects are bound to that node with the addresses of network
 * namespaces on a test bridge, and busybox wget/httpd between the namespaces shows what passes.
 * Runs as root only (skipped otherwise).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkPolicyIT {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static NetnsPods net;
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static String ns;
    private static String clientIp;
    private static String dbIp;
    private static String otherIp;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NetnsPods.supported(), "needs root, ip, iptables-restore, busybox and br_netfilter");
        net = new NetnsPods();
        net.start();
        clientIp = net.add("a", 2, 8080);
        dbIp = net.add("b", 3, 8080, 9090);
        otherIp = net.add("c", 4, 8080);
        String node = "tnp-node-" + net.id;
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins")).withNodeName(node)
                .withControllerSettings("network-policy", Map.of("syncDelay", "20ms")));
        client = cluster.client();
        ns = "tnp-" + net.id;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels("purpose", "netpol-test").endMetadata().build()).create();
        pod("client", node, clientIp, "app", "client");
        pod("db", node, dbIp, "app", "db");
        pod("other", node, otherIp, "app", "other");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (net != null) {
            net.close();
        }
        if (cluster != null) {
            String table = NetnsPods.run("iptables-save", "-t", "filter");
            assertFalse(table.contains("TIMONEL-NETPOL") || table.contains("TIMONEL-NP-"),
                    "the component removed its chains and jumps when it stopped:\n" + table);
        }
    }

    private static void pod(String name, String node, String ip, String... labels) {
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(labels[0], labels[1]).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("httpd").withImage("busybox")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).build())
                .endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP(ip)
                .withPodIPs(new PodIPBuilder().withIp(ip).build()).build());
        client.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    private static void await(String what, BooleanSupplier condition) {
        TestCluster.await(what, LIMIT, condition);
    }

    @Test
    @Order(1)
    void withoutPoliciesEveryPodReachesEveryOther() {
        await("the servers listen", () -> net.reaches("a", dbIp, 8080));
        assertTrue(net.reaches("a", dbIp, 9090));
        assertTrue(net.reaches("c", dbIp, 8080));
        assertTrue(net.reaches("b", clientIp, 8080));
    }

    @Test
    @Order(2)
    void anIngressPolicyAdmitsOnlyTheLabelledClientOnTheNamedPort() {
        create(new NetworkPolicyBuilder().withNewMetadata().withName("db-ingress").endMetadata().withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                .addNewIngress().addNewFrom().withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("app", "client").build()).endFrom()
                .addNewPort().withPort(new IntOrString("http")).endPort().endIngress().endSpec().build());

        await("other is refused by db", () -> !net.reaches("c", dbIp, 8080));
        assertTrue(net.reaches("a", dbIp, 8080), "client reaches db on the port named http");
        assertFalse(net.reaches("a", dbIp, 9090), "but not on another port");
        assertTrue(net.reaches("b", clientIp, 8080), "db itself is not restricted in egress");
    }

    @Test
    @Order(3)
    void anEgressPolicyKeepsTheClientToTheDbWhileRepliesStillFlow() {
        create(new NetworkPolicyBuilder().withNewMetadata().withName("client-egress").endMetadata().withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("app", "client").build())
                .withPolicyTypes("Egress")
                .addNewEgress().addNewTo().withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("app", "db").build()).endTo().endEgress().endSpec().build());

        await("client cannot reach other", () -> !net.reaches("a", otherIp, 8080));
        assertTrue(net.reaches("a", dbIp, 8080), "egress to db and db's ingress both allow it");
        assertTrue(net.reaches("c", clientIp, 8080), "client's replies to other pass: only new connections are policed");
    }

    @Test
    @Order(4)
    void deletingThePoliciesOpensEverythingAgain() {
        client.network().v1().networkPolicies().inNamespace(ns).withName("db-ingress").delete();
        client.network().v1().networkPolicies().inNamespace(ns).withName("client-egress").delete();

        await("everything reachable", () -> net.reaches("c", dbIp, 8080) && net.reaches("a", otherIp, 8080)
                && net.reaches("a", dbIp, 9090));
        await("no chains while no pod is isolated", () -> {
            try {
                return !NetnsPods.run("iptables-save", "-t", "filter").contains("TIMONEL-NETPOL");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static void create(NetworkPolicy policy) {
        client.network().v1().networkPolicies().inNamespace(ns).resource(policy).create();
    }
}
