package io.timonel.plugins.ingress.tls;

import static io.timonel.plugins.ingress.routing.Ingresses.ingress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

class CertificateTableTest {
    private static final TestCertificates.Pem FOO = TestCertificates.selfSigned("foo.example.com");
    private static final TestCertificates.Pem WILD = TestCertificates.selfSigned("*.example.com");
    private static final ServingCertificate SELF_SIGNED = SelfSignedCertificate.generate(Clock.systemUTC());

    private final Map<String, Secret> secrets = new HashMap<>();

    private void secret(String name, TestCertificates.Pem pem) {
        secrets.put("default/" + name, new SecretBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withResourceVersion("1").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString(pem.certificateBytes()))
                .addToData("tls.key", Base64.getEncoder().encodeToString(pem.keyBytes())).build());
    }

    private CertificateTable table(Ingress... ingresses) {
        return CertificateTable.of(List.of(ingresses), secrets, SELF_SIGNED, new CertificateTable.LoadedSecrets());
    }

    @Test
    void aServerNamePicksTheCertificateOfItsExactHostThenOfAWildcard() {
        secret("foo", FOO);
        secret("wild", WILD);
        CertificateTable t = table(ingress("a").tls("foo", "foo.example.com").tls("wild", "*.example.com").build());

        assertEquals(FOO.x509(), t.select("foo.example.com").chain().get(0));
        assertEquals(FOO.x509(), t.select("FOO.example.com").chain().get(0));
        assertEquals(WILD.x509(), t.select("bar.example.com").chain().get(0));
        assertSame(SELF_SIGNED, t.select("a.b.example.com"));
    }

    @Test
    void withoutSniOrAMatchingHostTheSelfSignedCertificateIsServed() {
        secret("foo", FOO);
        CertificateTable t = table(ingress("a").tls("foo", "foo.example.com").build());

        assertSame(SELF_SIGNED, t.select(null));
        assertSame(SELF_SIGNED, t.select("other.org"));
    }

    @Test
    void aTlsEntryWithoutHostsBecomesTheDefault() {
        secret("foo", FOO);
        CertificateTable t = table(ingress("a").tls("foo").build());

        assertEquals(FOO.x509(), t.select("anything.org").chain().get(0));
    }

    @Test
    void aMissingOrBrokenSecretIsReportedAndSkipped() {
        secrets.put("default/broken", new SecretBuilder().withNewMetadata().withNamespace("default")
                .withName("broken").endMetadata().addToData("tls.crt", "bm90IGEgY2VydA==")
                .addToData("tls.key", "bm90IGEga2V5").build());
        CertificateTable t = table(ingress("a").tls("missing", "m.example.com").tls("broken", "b.example.com").build());

        assertSame(SELF_SIGNED, t.select("m.example.com"));
        assertSame(SELF_SIGNED, t.select("b.example.com"));
        assertEquals(2, t.problems().size());
        assertTrue(t.problems().get(0).contains("default/missing"), t.problems().toString());
    }

    @Test
    void pkcs8AndTraditionalKeysAreBothRead() throws Exception {
        PrivateKey key = ((PemCertificates.Loaded.Ok) PemCertificates.load("t", FOO.certificateBytes(),
                FOO.keyBytes())).certificate().key();
        StringWriter pkcs8 = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pkcs8)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        assertTrue(pkcs8.toString().contains("BEGIN PRIVATE KEY"));

        PemCertificates.Loaded loaded = PemCertificates.load("t", FOO.certificateBytes(),
                pkcs8.toString().getBytes(StandardCharsets.US_ASCII));

        assertInstanceOf(PemCertificates.Loaded.Ok.class, loaded);
    }

    @Test
    void aKeyOfAnotherFamilyThanTheCertificateIsRefused() {
        TestCertificates.Pem rsa = FOO;
        StringWriter ec = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(ec)) {
            w.writeObject(SELF_SIGNED.key());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }

        PemCertificates.Loaded loaded = PemCertificates.load("t", rsa.certificateBytes(),
                ec.toString().getBytes(StandardCharsets.US_ASCII));

        assertInstanceOf(PemCertificates.Loaded.Invalid.class, loaded);
    }

    @Test
    void anUnchangedSecretIsNotParsedAgain() {
        secret("foo", FOO);
        CertificateTable.LoadedSecrets cache = new CertificateTable.LoadedSecrets();
        Ingress withTls = ingress("a").tls("foo", "foo.example.com").build();

        ServingCertificate first = CertificateTable.of(List.of(withTls), secrets, SELF_SIGNED, cache)
                .select("foo.example.com");
        ServingCertificate second = CertificateTable.of(List.of(withTls), secrets, SELF_SIGNED, cache)
                .select("foo.example.com");

        assertSame(first, second);
    }
}
