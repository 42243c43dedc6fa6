package io.timonel.plugins.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.plugins.ingress.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingress controller in a real kernel, loaded from its plugin jar: Services without selectors
 * whose EndpointSlices point at in-test HTTP servers on 127.0.0.1, Ingresses routing to them over
 * HTTP and HTTPS (SNI), changes applied live, and the status written. The proxy binds free ports
 * on 127.0.0.1; the test learns them from the Ingress status ports.
 */
class IngressControllerIT {
    private static final String NODE = "ingress-it-node";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static EchoBackend blue;
    private static EchoBackend green;
    private static TestCertificates.Pem secureCert;
    private static int httpPort;
    private static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        blue = new EchoBackend("blue");
        green = new EchoBackend("green");
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("ingress", Map.of("http-port", "0", "https-port", "0",
                        "address", "127.0.0.1", "node-name", NODE)));
        client = cluster.client();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        client.nodes().withName(NODE).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress("127.0.0.1").build())
                .endStatus().build());
        service("blue", blue.port());
        service("green", green.port());
        service("nobody", 0);
        secureCert = TestCertificates.selfSigned("secure.test");
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("secure-tls")
                .endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString(secureCert.certificateBytes()))
                .addToData("tls.key", Base64.getEncoder().encodeToString(secureCert.keyBytes())).build()).create();
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("site").endMetadata()
                .withNewSpec().withIngressClassName("timonel")
                .addNewTl().withSecretName("secure-tls").withHosts("secure.test").endTl()
                .withRules(rule("blue.test", path("Prefix", "/", "blue")),
                        rule("green.test", path("Prefix", "/app", "green"), path("Exact", "/exact", "blue")),
                        rule("secure.test", path("Prefix", "/", "green")),
                        rule("empty.test", path("Prefix", "/", "nobody")))
                .endSpec().build()).create();

        List<IngressLoadBalancerIngress> status = awaitStatus("site");
        assertEquals("127.0.0.1", status.get(0).getIp());
        httpPort = status.get(0).getPorts().get(0).getPort();
        httpsPort = status.get(0).getPorts().get(1).getPort();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        blue.close();
        green.close();
    }

    /** A Service without selector on port 80 ("http") and, unless {@code port} is 0, a ready endpoint 127.0.0.1:port. */
    private static void service(String name, int port) {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                .withNewTargetPort(port == 0 ? 8080 : port).endPort().endSpec().build()).create();
        if (port != 0) {
            client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName(name + "-1").addToLabels("kubernetes.io/service-name", name)
                    .endMetadata().withAddressType("IPv4")
                    .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                    .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                    .endEndpoint().build()).create();
        }
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.IngressRule rule(String host, HTTPIngressPath... paths) {
        return new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(paths).endHttp().build();
    }

    private static HTTPIngressPath path(String type, String path, String service) {
        return new HTTPIngressPathBuilder().withPath(path).withPathType(type).withNewBackend().withNewService()
                .withName(service).withNewPort().withNumber(80).endPort().endService().endBackend().build();
    }

    private static List<IngressLoadBalancerIngress> awaitStatus(String name) {
        TestCluster.await("status.loadBalancer of ingress " + name, LIMIT, () -> {
            Ingress i = client.network().v1().ingresses().inNamespace("default").withName(name).get();
            return i.getStatus() != null && i.getStatus().getLoadBalancer() != null
                    && i.getStatus().getLoadBalancer().getIngress() != null
                    && !i.getStatus().getLoadBalancer().getIngress().isEmpty();
        });
        return client.network().v1().ingresses().inNamespace("default").withName(name).get()
                .getStatus().getLoadBalancer().getIngress();
    }

    private static String body(String host, String path) {
        try {
            return HttpProbe.http(httpPort, host, path).body();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    @Test
    void theControllerEnsuresItsIngressClass() {
        IngressClass cls = client.network().v1().ingressClasses().withName("timonel").get();

        assertNotNull(cls);
        assertEquals("timonel.io/ingress", cls.getSpec().getController());
    }

    @Test
    void requestsReachTheBackendOfTheirHostAndPath() throws Exception {
        HttpProbe.Response toBlue = HttpProbe.http(httpPort, "blue.test", "/anything");
        HttpProbe.Response toGreen = HttpProbe.http(httpPort, "green.test", "/app/page");
        HttpProbe.Response exact = HttpProbe.http(httpPort, "green.test", "/exact");

        assertEquals(200, toBlue.status());
        assertTrue(toBlue.body().contains("backend=blue\npath=/anything\nhost=blue.test\nx-forwarded-for=127.0.0.1"),
                toBlue.body());
        assertTrue(toGreen.body().startsWith("backend=green\npath=/app/page"), toGreen.body());
        assertTrue(exact.body().startsWith("backend=blue"), exact.body());
        assertEquals(404, HttpProbe.http(httpPort, "green.test", "/other").status());
    }

    @Test
    void anUnknownHostIs404AndAServiceWithoutEndpointsIs503() throws Exception {
        assertEquals(404, HttpProbe.http(httpPort, "unknown.test", "/").status());
        assertEquals(503, HttpProbe.http(httpPort, "empty.test", "/").status());
    }

    @Test
    void httpsServesTheSecretsCertificateForItsSniName() throws Exception {
        HttpProbe.Response secure = HttpProbe.https(httpsPort, "secure.test", "secure.test", "/");
        HttpProbe.Response other = HttpProbe.https(httpsPort, "blue.test", "blue.test", "/");

        assertEquals(secureCert.x509(), secure.certificate());
        assertTrue(secure.body().contains("backend=green") && secure.body().contains("x-forwarded-proto=https"),
                secure.body());
        assertTrue(!secureCert.x509().equals(other.certificate()), "another name gets the default certificate");
        assertTrue(other.body().startsWith("backend=blue"), other.body());
    }

    @Test
    void changingAnIngressReroutesWithoutRestart() {
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("moving").endMetadata()
                .withNewSpec().withIngressClassName("timonel")
                .withRules(rule("moving.test", path("Prefix", "/", "blue"))).endSpec().build()).create();
        TestCluster.await("moving.test routed to blue", LIMIT, () -> body("moving.test", "/").startsWith("backend=blue"));

        client.network().v1().ingresses().inNamespace("default").withName("moving").edit(i -> new IngressBuilder(i)
                .editSpec().withRules(rule("moving.test", path("Prefix", "/", "green"))).endSpec().build());

        TestCluster.await("moving.test routed to green", LIMIT,
                () -> body("moving.test", "/").startsWith("backend=green"));
    }

    @Test
    void endpointsAppearingAndDisappearingAreFollowed() {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("late")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).withNewTargetPort(8080)
                .endPort().endSpec().build()).create();
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("late").endMetadata()
                .withNewSpec().withIngressClassName("timonel")
                .withRules(rule("late.test", path("Prefix", "/", "late"))).endSpec().build()).create();
        TestCluster.await("late.test answers 503", LIMIT, () -> body("late.test", "/").startsWith("503"));

        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("late-1").addToLabels("kubernetes.io/service-name", "late").endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(blue.port()).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();

        TestCluster.await("late.test reaches blue", LIMIT, () -> body("late.test", "/").startsWith("backend=blue"));
    }

    @Test
    void ingressesOfAnotherClassAreLeftAlone() throws Exception {
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("foreign").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .withRules(rule("foreign.test", path("Prefix", "/", "blue"))).endSpec().build()).create();
        // a classless Ingress is ours: the class the controller created is the default one
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("classless").endMetadata()
                .withNewSpec().withRules(rule("classless.test", path("Prefix", "/", "blue"))).endSpec().build())
                .create();

        TestCluster.await("classless.test routed", LIMIT, () -> body("classless.test", "/").startsWith("backend=blue"));
        awaitStatus("classless");
        assertEquals(404, HttpProbe.http(httpPort, "foreign.test", "/").status());
        Ingress foreign = client.network().v1().ingresses().inNamespace("default").withName("foreign").get();
        assertTrue(foreign.getStatus() == null || foreign.getStatus().getLoadBalancer() == null
                || foreign.getStatus().getLoadBalancer().getIngress() == null
                || foreign.getStatus().getLoadBalancer().getIngress().isEmpty());
    }

    @Test
    void aRenewedCertificateIsServedWithoutRestart() throws Exception {
        TestCertificates.Pem first = TestCertificates.selfSigned("renew.test");
        TestCertificates.Pem renewed = TestCertificates.selfSigned("renew.test");
        client.secrets().inNamespace("default").resource(tlsSecret("renew-tls", first)).create();
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("renew").endMetadata()
                .withNewSpec().withIngressClassName("timonel")
                .addNewTl().withSecretName("renew-tls").withHosts("renew.test").endTl()
                .withRules(rule("renew.test", path("Prefix", "/", "blue"))).endSpec().build()).create();
        TestCluster.await("renew.test presents the first certificate", LIMIT,
                () -> first.x509().equals(presented("renew.test")));

        client.secrets().inNamespace("default").resource(tlsSecret("renew-tls", renewed)).update();

        TestCluster.await("renew.test presents the renewed certificate", LIMIT,
                () -> renewed.x509().equals(presented("renew.test")));
    }

    private static io.fabric8.kubernetes.api.model.Secret tlsSecret(String name, TestCertificates.Pem pem) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString(pem.certificateBytes()))
                .addToData("tls.key", Base64.getEncoder().encodeToString(pem.keyBytes())).build();
    }

    private static java.security.cert.X509Certificate presented(String host) {
        try {
            return HttpProbe.https(httpsPort, host, host, "/").certificate();
        } catch (IOException e) {
            return null;
        }
    }
}
