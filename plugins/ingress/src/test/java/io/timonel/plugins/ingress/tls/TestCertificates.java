package io.timonel.plugins.ingress.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test fixtures: self-signed certificates for DNS names, as the PEM a kubernetes.io/tls Secret holds. */
public final class TestCertificates {

    /** A certificate and key in PEM, and the certificate itself to compare with what a server presents. */
    public record Pem(String certificate, String key, X509Certificate x509) {
        public byte[] certificateBytes() {
            return certificate.getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] keyBytes() {
            return key.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private TestCertificates() {
    }

    /** A self-signed RSA certificate for {@code dnsNames} (the first is also the CN). */
    public static Pem selfSigned(String... dnsNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + dnsNames[0]);
            Instant now = Instant.now();
            GeneralName[] sans = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                sans[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Pem(pem(cert), pem(pair.getPrivate()), cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) throws java.io.IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
