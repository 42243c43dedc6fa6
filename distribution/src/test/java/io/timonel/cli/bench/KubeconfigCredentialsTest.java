package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigCredentialsTest {

    @Test
    void embeddedPkcs8EcCredentialsAuthenticateToAServerRequiringClientCertificates() throws Exception {
        TestPki pki = new TestPki("EC");
        String yaml = kubeconfig("https://127.0.0.1:6443", pki, TestPki.pkcs8(pki.clientKeys));

        KubeconfigCredentials credentials = KubeconfigCredentials.parse(yaml, null);

        assertEquals(URI.create("https://127.0.0.1:6443"), credentials.server());
        assertEquals(subject(pki), clientSubjectSeenByServer(pki, credentials.sslContext()));
    }

    @Test
    void traditionalRsaAndEcKeysAreAccepted() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            TestPki pki = new TestPki(algorithm);
            String key = TestPki.traditional(pki.clientKeys);
            assertTrue(key.contains("BEGIN " + algorithm + " PRIVATE KEY"), key);

            KubeconfigCredentials credentials = KubeconfigCredentials.parse(kubeconfig("https://127.0.0.1:1", pki, key), null);

            assertEquals(subject(pki), clientSubjectSeenByServer(pki, credentials.sslContext()), algorithm);
        }
    }

    @Test
    void credentialsOfAnotherCaAreRejectedByTheServer() throws Exception {
        TestPki server = new TestPki("EC");
        TestPki stranger = new TestPki("EC");
        KubeconfigCredentials credentials = KubeconfigCredentials.parse(
                kubeconfig("https://127.0.0.1:1", stranger, TestPki.pkcs8(stranger.clientKeys)), null);

        // the client does not trust the server's CA either: the handshake fails on the client's side
        assertThrows(SSLHandshakeException.class, () -> clientSubjectSeenByServer(server, credentials.sslContext()));
    }

    @Test
    void currentContextSelectsClusterAndUserAmongSeveral() throws Exception {
        TestPki pki = new TestPki("EC");
        String ca = b64(TestPki.pem(pki.ca));
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: other
                  cluster: {server: "https://127.0.0.2:1", certificate-authority-data: %1$s}
                - name: bench
                  cluster: {server: "https://127.0.0.1:7443", certificate-authority-data: %1$s}
                users:
                - name: nobody
                  user: {token: abc}
                - name: admin
                  user: {client-certificate-data: %2$s, client-key-data: %3$s}
                contexts:
                - name: first
                  context: {cluster: other, user: nobody}
                - name: chosen
                  context: {cluster: bench, user: admin}
                current-context: chosen
                """.formatted(ca, b64(TestPki.pem(pki.clientCertificate)), b64(TestPki.pkcs8(pki.clientKeys)));

        assertEquals(URI.create("https://127.0.0.1:7443"), KubeconfigCredentials.parse(yaml, null).server());
    }

    @Test
    void fileReferencesResolveAgainstTheKubeconfigFolder(@TempDir Path dir) throws Exception {
        TestPki pki = new TestPki("EC");
        Files.writeString(dir.resolve("ca.crt"), TestPki.pem(pki.ca));
        Files.writeString(dir.resolve("admin.crt"), TestPki.pem(pki.clientCertificate));
        Files.writeString(dir.resolve("admin.key"), TestPki.pkcs8(pki.clientKeys));
        Path file = dir.resolve("config");
        Files.writeString(file, """
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9", certificate-authority: ca.crt}}]
                users: [{name: u, user: {client-certificate: admin.crt, client-key: admin.key}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);

        KubeconfigCredentials credentials = KubeconfigCredentials.load(file);

        assertEquals(subject(pki), clientSubjectSeenByServer(pki, credentials.sslContext()));
    }

    @Test
    void kubeconfigWithoutClientCertificateIsRejectedWithTheReason() throws Exception {
        TestPki pki = new TestPki("EC");
        String yaml = """
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9", certificate-authority-data: %s}}]
                users: [{name: u, user: {token: secret}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(b64(TestPki.pem(pki.ca)));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> KubeconfigCredentials.parse(yaml, null));
        assertTrue(error.getMessage().contains("client-certificate"), error.getMessage());
    }

    @Test
    void kubeconfigWithoutServerIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> KubeconfigCredentials.parse("clusters: [{name: c, cluster: {}}]\nusers: [{name: u, user: {}}]\n"
                        + "contexts: [{name: x, context: {cluster: c, user: u}}]\n", null));
        assertTrue(error.getMessage().contains("server"), error.getMessage());
    }

    private static String kubeconfig(String server, TestPki pki, String keyPem) throws Exception {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: timonel
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: timonel
                  context: {cluster: timonel, user: admin}
                current-context: timonel
                """.formatted(server, b64(TestPki.pem(pki.ca)), b64(TestPki.pem(pki.clientCertificate)), b64(keyPem));
    }

    private static String subject(TestPki pki) {
        return pki.clientCertificate.getSubjectX500Principal().getName();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Starts an HTTPS server on loopback that requires a client certificate and echoes its subject. */
    private static String clientSubjectSeenByServer(TestPki pki, SSLContext client) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", exchange -> {
            X509Certificate peer = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
            byte[] body = peer.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(client).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        } finally {
            server.stop(0);
        }
    }
}
