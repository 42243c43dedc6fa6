package io.timonel.kernel.admission.webhook;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a webhook's server when its chain leads to the configured CA bundle (or, with no bundle,
 * to the JVM's default roots) and its certificate names {@code serverName}. The name is fixed
 * rather than taken from the connection because a Service's webhook is reached on an endpoint's
 * address but must present {@code <service>.<namespace>.svc}.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final X509TrustManager roots;
    private final String serverName;

    private ServerTrust(X509TrustManager roots, String serverName) {
        this.roots = roots;
        this.serverName = serverName;
    }

    /**
     * @param caBundle   PEM certificates, or empty for the JVM's default roots
     * @param serverName a DNS name or an IP address literal
     * @throws GeneralSecurityException when the bundle holds no usable certificate
     */
    static ServerTrust of(String caBundle, String serverName) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle.isBlank()) {
            factory.init((KeyStore) null);
        } else {
            Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caBundle.getBytes(StandardCharsets.UTF_8)));
            if (certificates.isEmpty()) {
                throw new CertificateException("caBundle holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            int i = 0;
            for (java.security.cert.Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            factory.init(store);
        }
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return new ServerTrust(x, serverName);
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        roots.checkServerTrusted(chain, authType);
        if (chain.length == 0 || !names(chain[0], serverName)) {
            throw new CertificateException("x509: certificate is not valid for " + serverName);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("webhook clients do not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.getAcceptedIssuers();
    }

    /** Whether the certificate's subject alternative names include {@code host} (no CN fallback, as in Go). */
    static boolean names(X509Certificate certificate, String host) throws CertificateParsingException {
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress address = ipLiteral(bare);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (address != null && type == SAN_IP && address.equals(ipLiteral(value))) {
                return true;
            }
            if (address == null && type == SAN_DNS && dnsMatches(value, bare)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static InetAddress ipLiteral(String text) {
        boolean looksLikeIp = text.contains(":") || text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!looksLikeIp || text.isEmpty()) {
            return null;
        }
        try {
            // A literal never causes a lookup.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
