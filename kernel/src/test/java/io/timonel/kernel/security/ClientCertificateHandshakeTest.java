package io.timonel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS handshake on loopback against the PKI's server context. */
class ClientCertificateHandshakeTest {

    @TempDir
    Path dir;

    private ClusterPki pki;
    private ExecutorService executor;

    @BeforeEach
    void setUp() throws IOException {
        pki = ClusterPki.loadOrCreate(dir, List.of());
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void handshakeWithTheAdminCertificateYieldsTheAdminUser() throws Exception {
        Optional<UserInfo> user = handshake(pki.adminCertificate(), "localhost");

        assertEquals(Optional.of(new UserInfo("admin", "", Set.of("system:masters", "system:authenticated"))), user);
    }

    @Test
    void handshakeWithoutClientCertificateSucceedsWithoutUser() throws Exception {
        assertEquals(Optional.empty(), handshake(null, "127.0.0.1"));
    }

    @Test
    void clientCertificateOfAnotherCaNeverAuthenticates() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other"), List.of());

        // Depending on the key type and TLS version the client either withholds a certificate the
        // server's CA did not sign, or sends it and the handshake fails: never a user.
        Optional<UserInfo> seen;
        try {
            seen = handshake(other.adminCertificate(), "localhost");
        } catch (Exception refused) {
            seen = Optional.empty();
        }
        assertEquals(Optional.empty(), seen);
        assertEquals(Optional.empty(), pki.authenticateClient(new X509Certificate[] {
            other.adminCertificate().certificate()}));
    }

    /** Connects with the given client certificate; returns the user the server side saw. */
    private Optional<UserInfo> handshake(IssuedCertificate clientCertificate, String host) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) pki.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setWantClientAuth(true);
            Future<Optional<UserInfo>> seen = executor.submit(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                    socket.getOutputStream().flush();
                    try {
                        Certificate[] chain = socket.getSession().getPeerCertificates();
                        return pki.authenticateClient(Arrays.copyOf(chain, chain.length, X509Certificate[].class));
                    } catch (SSLPeerUnverifiedException e) {
                        return Optional.empty();
                    }
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext(clientCertificate).getSocketFactory()
                    .createSocket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
                client.setSoTimeout(5000);
                var parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the server's SANs must match
                parameters.setServerNames(host.equals("localhost")
                        ? List.of(new javax.net.ssl.SNIHostName(host)) : List.of());
                client.setSSLParameters(parameters);
                client.startHandshake();
                client.getInputStream().read(); // TLS 1.3 reports a refused client certificate only here
            } catch (SSLHandshakeException | java.net.SocketException e) {
                seen.cancel(true);
                throw e;
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    private SSLContext clientContext(IssuedCertificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (certificate != null) {
            own.setKeyEntry("me", certificate.privateKey(), new char[0],
                    new Certificate[] {certificate.certificate()});
        }
        keys.init(own, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
