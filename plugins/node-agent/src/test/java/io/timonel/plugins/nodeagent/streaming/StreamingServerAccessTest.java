package io.timonel.plugins.nodeagent.streaming;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.kernel.security.ClusterPki;
import io.timonel.kernel.security.IssuedCertificate;
import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.node.NodeContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only the API server (a cluster-CA certificate for its kubelet-client user, or a cluster admin) gets in. */
class StreamingServerAccessTest {
    private ClusterPki pki;
    private StreamingServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        pki = ClusterPki.loadOrCreate(Files.createTempDirectory("pki"), List.of());
        PodLocator nothing = new PodLocator() {
            @Override
            public Optional<String> containerId(String namespace, String pod, String container, boolean previous) {
                return Optional.empty();
            }

            @Override
            public Optional<String> podAddress(String namespace, String pod) {
                return Optional.empty();
            }
        };
        NodeContext context = new NodeContext(new ApiAccess(URI.create("https://127.0.0.1:1"), pki.caCertificatePem(),
                "unused", "system:node:n1"), Clock.systemUTC(), null, Map.of(), null, "n1", Path.of("/nonexistent"));
        server = new StreamingServer(new ProcessRuntime(Path.of("/nonexistent")), nothing, context);
        port = server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void apiServerIdentityIsServedAndOthersAreForbidden() throws Exception {
        String asApiServer = get(client(pki.issueClientCertificate(StreamingServer.API_SERVER_USER, List.of(),
                Duration.ofHours(1))), "/containerLogs/ns/pod/c");
        assertTrue(asApiServer.startsWith("HTTP/1.1 400"), asApiServer);
        assertTrue(asApiServer.contains("container \\\"c\\\" in pod \\\"pod\\\""), asApiServer);

        String asAdmin = get(client(pki.adminCertificate()), "/nowhere");
        assertTrue(asAdmin.startsWith("HTTP/1.1 404"), asAdmin);

        String asSomeoneElse = get(client(pki.issueClientCertificate("system:node:n2", List.of("system:nodes"),
                Duration.ofHours(1))), "/containerLogs/ns/pod/c");
        assertTrue(asSomeoneElse.startsWith("HTTP/1.1 403"), asSomeoneElse);
    }

    @Test
    void clientsWithoutACertificateFromTheClusterCaAreRefusedByTls() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(Files.createTempDirectory("other-pki"), List.of());
        SSLContext stranger = client(other.issueClientCertificate(StreamingServer.API_SERVER_USER, List.of(),
                Duration.ofHours(1)));
        assertThrows(IOException.class, () -> get(stranger, "/containerLogs/ns/pod/c"));
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, new TrustManager[] {new TrustAll()}, null);
        assertThrows(IOException.class, () -> get(anonymous, "/containerLogs/ns/pod/c"));
    }

    private String get(SSLContext tls, String path) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: n1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (response.isEmpty()) {
                throw new IOException("the server closed the connection without an answer");
            }
            return response;
        }
    }

    private static SSLContext client(IssuedCertificate certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", certificate.privateKey(), new char[0], new Certificate[] {certificate.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        KeyManager[] managers = factory.getKeyManagers();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers, new TrustManager[] {new TrustAll()}, null);
        return context;
    }

    /** The agent's serving certificate is self-signed; the API server does not verify it either. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

}
