package io.timonel.plugins.ingress.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that picks the certificate for each handshake from the current
 * {@link CertificateTable} by the client's SNI host name. The table is read at every handshake, so
 * swapping it changes the certificates served without rebinding the listener. Server side only.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
    private final Supplier<CertificateTable> current;
    private volatile CertificateTable lastSeen;
    private volatile CertificateTable seenBefore;

    /** {@code current} gives the table to use now; it is called on TLS threads and must be cheap. */
    public SniKeyManager(Supplier<CertificateTable> current) {
        this.current = current;
    }

    /** A TLS context serving through this key manager. */
    public SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession handshake) {
        CertificateTable table = current.get();
        if (table != lastSeen) {
            // the alias chosen now is looked up a moment later: keep the table before as well
            seenBefore = lastSeen;
            lastSeen = table;
        }
        ServingCertificate certificate = table.select(serverName(handshake));
        return certificate.suits(keyType) ? certificate.alias() : null;
    }

    static String serverName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServingCertificate c = find(alias);
        return c == null ? null : c.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServingCertificate c = find(alias);
        return c == null ? null : c.key();
    }

    private ServingCertificate find(String alias) {
        for (CertificateTable t : new CertificateTable[] {current.get(), lastSeen, seenBefore}) {
            ServingCertificate c = t == null ? null : t.byAlias(alias);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        ServingCertificate c = current.get().select(null);
        return c.suits(keyType) ? new String[] {c.alias()} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
