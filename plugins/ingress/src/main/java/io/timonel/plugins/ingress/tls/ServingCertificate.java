package io.timonel.plugins.ingress.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate chain and its private key, as served to TLS clients.
 *
 * @param alias  unique for this loaded certificate (how the key manager names it to the JDK)
 * @param source where it came from, e.g. {@code secret default/tls-a} or {@code self-signed}
 * @param chain  the leaf certificate first
 * @param key    the leaf's private key
 */
public record ServingCertificate(String alias, String source, List<X509Certificate> chain, PrivateKey key) {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    public ServingCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain from " + source);
        }
    }

    /** A certificate with a fresh alias. */
    public static ServingCertificate of(String source, List<X509Certificate> chain, PrivateKey key) {
        return new ServingCertificate("ingress-" + SEQUENCE.incrementAndGet(), source, chain, key);
    }

    /** Whether this certificate's key suits the JDK's requested key type ({@code RSA}, {@code EC} ...). */
    boolean suits(String keyType) {
        return keyType == null || keyType.equalsIgnoreCase(key.getAlgorithm())
                || ("EC".equalsIgnoreCase(keyType) && "ECDSA".equalsIgnoreCase(key.getAlgorithm()));
    }
}
