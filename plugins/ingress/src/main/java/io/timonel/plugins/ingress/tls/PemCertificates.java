package io.timonel.plugins.ingress.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads a {@code kubernetes.io/tls} Secret's {@code tls.crt} (PEM, leaf first, then intermediates)
 * and {@code tls.key} (PEM: PKCS#8 {@code PRIVATE KEY}, or the traditional {@code RSA PRIVATE KEY} /
 * {@code EC PRIVATE KEY}; unencrypted).
 */
public final class PemCertificates {

    /** What reading a certificate gave: the certificate, or why there is none. */
    public sealed interface Loaded {
        record Ok(ServingCertificate certificate) implements Loaded {
        }

        record Invalid(String reason) implements Loaded {
        }
    }

    private PemCertificates() {
    }

    public static Loaded load(String source, byte[] certPem, byte[] keyPem) {
        if (certPem == null || keyPem == null) {
            return new Loaded.Invalid(source + ": tls.crt or tls.key missing");
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certPem))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException | RuntimeException e) {
            return new Loaded.Invalid(source + ": tls.crt is not a PEM certificate chain: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            return new Loaded.Invalid(source + ": tls.crt holds no certificate");
        }
        PrivateKey key;
        try (PEMParser parser = new PEMParser(new StringReader(new String(keyPem, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (object instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                return new Loaded.Invalid(source + ": tls.key is not an unencrypted PEM private key");
            }
        } catch (IOException | RuntimeException e) {
            return new Loaded.Invalid(source + ": tls.key cannot be read: " + e.getMessage());
        }
        String certAlgorithm = chain.get(0).getPublicKey().getAlgorithm();
        if (!sameFamily(certAlgorithm, key.getAlgorithm())) {
            return new Loaded.Invalid(source + ": tls.key (" + key.getAlgorithm() + ") does not fit tls.crt ("
                    + certAlgorithm + ")");
        }
        return new Loaded.Ok(ServingCertificate.of(source, chain, key));
    }

    private static boolean sameFamily(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String algorithm) {
        return "ECDSA".equalsIgnoreCase(algorithm) ? "EC" : algorithm.toUpperCase(java.util.Locale.ROOT);
    }
}
