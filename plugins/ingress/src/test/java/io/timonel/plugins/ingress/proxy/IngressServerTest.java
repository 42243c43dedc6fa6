package io.timonel.plugins.ingress.proxy;

import static io.timonel.plugins.ingress.routing.Ingresses.ingress;
import static io.timonel.plugins.ingress.routing.Ingresses.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.timonel.plugins.ingress.EchoBackend;
import io.timonel.plugins.ingress.HttpProbe;
import io.timonel.plugins.ingress.backends.Upstream;
import io.timonel.plugins.ingress.routing.BackendRef;
import io.timonel.plugins.ingress.routing.RouteTable;
import io.timonel.plugins.ingress.tls.CertificateTable;
import io.timonel.plugins.ingress.tls.SelfSignedCertificate;
import io.timonel.plugins.ingress.tls.ServingCertificate;
import io.timonel.plugins.ingress.tls.TestCertificates;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on loopback, with tables built by hand (no cluster): what a client sees. */
class IngressServerTest {
    private static final ServingCertificate SELF_SIGNED = SelfSignedCertificate.generate(Clock.systemUTC());

    private EchoBackend blue;
    private EchoBackend green;
    private IngressServer server;

    @BeforeEach
    void start() throws Exception {
        blue = new EchoBackend("blue");
        green = new EchoBackend("green");
        server = IngressServer.start("127.0.0.1", 0, 0, Snapshot.empty(CertificateTable.only(SELF_SIGNED)));
    }

    @AfterEach
    void stop() {
        server.close();
        blue.close();
        green.close();
    }

    private Snapshot snapshot(Ingress ingress, Map<String, EchoBackend> endpoints, Map<String, Secret> secrets) {
        RouteTable routes = RouteTable.of(List.of(ingress));
        Map<BackendRef, Upstream> upstreams = new HashMap<>();
        for (BackendRef ref : routes.backends()) {
            EchoBackend backend = endpoints.get(ref.service());
            upstreams.put(ref, new Upstream(ref, backend == null ? List.of()
                    : List.of(URI.create("http://127.0.0.1:" + backend.port()))));
        }
        return new Snapshot(routes, upstreams, CertificateTable.of(List.of(ingress), secrets, SELF_SIGNED,
                new CertificateTable.LoadedSecrets()));
    }

    @Test
    void requestsReachTheBackendOfTheirHostAndPathWithForwardingHeaders() throws Exception {
        server.serve(snapshot(ingress("a").rule("blue.test", prefix("/", "blue", 80))
                .rule("green.test", prefix("/app", "green", 80)).build(), Map.of("blue", blue, "green", green), Map.of()));

        HttpProbe.Response toBlue = HttpProbe.http(server.httpPort(), "blue.test", "/x?q=1");
        HttpProbe.Response toGreen = HttpProbe.http(server.httpPort(), "green.test:8080", "/app/page");

        assertEquals(200, toBlue.status());
        assertTrue(toBlue.body().contains("backend=blue\npath=/x\nhost=blue.test\nx-forwarded-for=127.0.0.1\n"
                + "x-forwarded-proto=http\nx-forwarded-host=blue.test"), toBlue.body());
        assertEquals(200, toGreen.status());
        assertTrue(toGreen.body().startsWith("backend=green\npath=/app/page\n"), toGreen.body());
    }

    @Test
    void anUnknownHostIs404AndABackendWithoutEndpointsIs503() throws Exception {
        server.serve(snapshot(ingress("a").rule("blue.test", prefix("/", "blue", 80))
                .rule("empty.test", prefix("/", "nobody", 80)).build(), Map.of("blue", blue), Map.of()));

        assertEquals(404, HttpProbe.http(server.httpPort(), "unknown.test", "/").status());
        assertEquals(503, HttpProbe.http(server.httpPort(), "empty.test", "/").status());
    }

    @Test
    void aNewSnapshotReroutesWithoutRestart() throws Exception {
        server.serve(snapshot(ingress("a").rule("site.test", prefix("/", "blue", 80)).build(),
                Map.of("blue", blue, "green", green), Map.of()));
        assertTrue(HttpProbe.http(server.httpPort(), "site.test", "/").body().startsWith("backend=blue"));

        server.serve(snapshot(ingress("a").rule("site.test", prefix("/", "green", 80)).build(),
                Map.of("blue", blue, "green", green), Map.of()));

        assertTrue(HttpProbe.http(server.httpPort(), "site.test", "/").body().startsWith("backend=green"));
    }

    @Test
    void httpsPresentsTheCertificateOfTheSniNameAndForwardsProtoHttps() throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned("secure.test");
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace("default").withName("secure-tls")
                .withResourceVersion("1").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString(pem.certificateBytes()))
                .addToData("tls.key", Base64.getEncoder().encodeToString(pem.keyBytes())).build();
        server.serve(snapshot(ingress("a").tls("secure-tls", "secure.test")
                .rule("secure.test", prefix("/", "blue", 80)).build(), Map.of("blue", blue),
                Map.of("default/secure-tls", secret)));

        HttpProbe.Response named = HttpProbe.https(server.httpsPort(), "secure.test", "secure.test", "/");
        HttpProbe.Response unnamed = HttpProbe.https(server.httpsPort(), null, "secure.test", "/");

        assertEquals(pem.x509(), named.certificate());
        assertTrue(named.body().contains("x-forwarded-proto=https"), named.body());
        assertEquals(SELF_SIGNED.chain().get(0), unnamed.certificate());
        assertEquals(200, unnamed.status());
    }
}
