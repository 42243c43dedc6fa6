package io.timonel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.timonel.spi.auth.UserInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

    private static final Path KUBECTL = Path.of(
            System.getenv().getOrDefault("KUBECTL", "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"));

    @TempDir
    Path dir;

    @Test
    void adminKubeconfigEmbedsServerCaAndClientCertificateWithMode0600() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("pki"), List.of());
        Path file = dir.resolve("admin.kubeconfig");

        Kubeconfig.writeAdmin(file, URI.create("https://127.0.0.1:6443"), pki);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        assertEquals("Config", config.path("kind").asText());
        assertEquals("timonel", config.path("current-context").asText());
        JsonNode cluster = config.path("clusters").get(0);
        assertEquals("timonel", cluster.path("name").asText());
        assertEquals("https://127.0.0.1:6443", cluster.path("cluster").path("server").asText());
        assertEquals(pki.caCertificatePem(), decode(cluster.path("cluster").path("certificate-authority-data")));
        JsonNode user = config.path("users").get(0);
        assertEquals("admin", user.path("name").asText());
        assertEquals(pki.adminCertificate().certificatePem(), decode(user.path("user").path("client-certificate-data")));
        assertEquals(pki.adminCertificate().privateKeyPem(), decode(user.path("user").path("client-key-data")));
        JsonNode context = config.path("contexts").get(0);
        assertEquals("timonel", context.path("context").path("cluster").asText());
        assertEquals("admin", context.path("context").path("user").asText());
    }

    /** Real kubectl reads the file, trusts the server's certificate and presents the admin's. */
    @Test
    void kubectlTalksToAServerWithTheWrittenKubeconfig() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl v1.33 not installed at " + KUBECTL);
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("pki"), List.of());
        AtomicReference<Optional<UserInfo>> seen = new AtomicReference<>(Optional.empty());
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverSslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setWantClientAuth(true);
            }
        });
        server.createContext("/version", exchange -> {
            try {
                Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                seen.set(pki.authenticateClient(Arrays.copyOf(chain, chain.length, X509Certificate[].class)));
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                seen.set(Optional.empty());
            }
            byte[] body = "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0-test\",\"platform\":\"linux/amd64\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        server.setExecutor(executor);
        server.start();
        try {
            Path file = dir.resolve("admin.kubeconfig");
            Kubeconfig.writeAdmin(file, URI.create("https://127.0.0.1:" + server.getAddress().getPort()), pki);

            Process kubectl = new ProcessBuilder(KUBECTL.toString(), "--kubeconfig", file.toString(),
                    "version", "-o", "json", "--request-timeout=10s")
                    .redirectErrorStream(true).start();
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(kubectl.waitFor(30, TimeUnit.SECONDS), "kubectl did not finish");

            assertEquals(0, kubectl.exitValue(), output);
            assertTrue(output.contains("v1.33.0-test"), output);
            assertEquals("admin", seen.get().map(UserInfo::name).orElse("(no client certificate)"));
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static String decode(JsonNode node) {
        return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.US_ASCII);
    }
}
