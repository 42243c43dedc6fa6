package io.timonel.kernel.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key, both PEM-encoded as kubectl and openssl read them:
 * {@code CERTIFICATE} and PKCS#8 {@code PRIVATE KEY}.
 *
 * @param certificatePem the certificate
 * @param privateKeyPem  its private key; keep it secret (files holding it are mode 0600)
 */
public record IssuedCertificate(String certificatePem, String privateKeyPem) {

    public IssuedCertificate {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    /** The decoded certificate. */
    public X509Certificate certificate() {
        return Pem.certificate(certificatePem);
    }

    /** The decoded private key. */
    public PrivateKey privateKey() {
        return Pem.privateKey(privateKeyPem);
    }

    @Override
    public String toString() {
        // never print the key by accident
        return "IssuedCertificate[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
