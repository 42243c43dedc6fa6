package io.timonel.e2e;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for one DNS name, valid for a day, in the PEM a {@code kubernetes.io/tls}
 * Secret holds ({@code kubectl create secret tls --cert --key}).
 *
 * @param certificatePem the certificate, PEM
 * @param keyPem         its private key, PEM
 * @param certificate    the certificate, to trust it and compare it with what a server presents
 */
record SelfSigned(String certificatePem, String keyPem, X509Certificate certificate) {

    static SelfSigned forName(String dnsName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + dnsName);
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                            subject, pair.getPublic())
                            .addExtension(Extension.subjectAlternativeName, false,
                                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)))
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            // PKCS#8 ("PRIVATE KEY"): what Go's tls.X509KeyPair (kubectl create secret tls) reads for every key type
            return new SelfSigned(pem(certificate), pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()),
                    certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certificate for " + dnsName, e);
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
