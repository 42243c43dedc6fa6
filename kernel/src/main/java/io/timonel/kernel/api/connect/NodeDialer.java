package io.timonel.kernel.api.connect;

import io.timonel.kernel.security.ClusterPki;
import io.timonel.kernel.security.IssuedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Opens TLS connections from the API server to node agents, presenting the API server's
 * kubelet-client certificate (issued by the cluster CA at start). The agents' serving
 * certificates are self-signed and not verified, as kube-apiserver does without
 * {@code --kubelet-certificate-authority}; the agents in turn admit only this certificate.
 */
public final class NodeDialer {
    /** The user the API server is to node agents. */
    public static final String USER = "system:timonel:apiserver-kubelet-client";
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365);

    private final SSLContext tls;
    private final Duration connectTimeout;

    NodeDialer(SSLContext tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    /** A dialer with a fresh client certificate from the cluster CA. */
    public static NodeDialer fromPki(ClusterPki pki) {
        IssuedCertificate client = pki.issueClientCertificate(USER, List.of(), CERTIFICATE_VALIDITY);
        return new NodeDialer(clientContext(client, pki.caCertificate()), Duration.ofSeconds(5));
    }

    /** Connects and completes the TLS handshake, within the connect timeout for each step. */
    SSLSocket dial(String host, int port) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            plain.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            socket.setSoTimeout((int) connectTimeout.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static SSLContext clientContext(IssuedCertificate client, X509Certificate ca) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("kubelet-client", client.privateKey(), password,
                    new Certificate[] {client.certificate(), ca});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new UnverifiedServers()}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the API server's TLS client context for node agents", e);
        }
    }

    /**
     * Accepts any server certificate. An {@link X509ExtendedTrustManager}, so that the JDK adds no
     * host-name check of its own.
     */
    private static final class UnverifiedServers extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
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
