package io.timonel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1", "kubernetes.default.svc");
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void firstStartGeneratesCaServerAndAdminCertificatesSignedByTheCa() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, NAMES, at(T0));

        X509Certificate ca = pki.caCertificate();
        ca.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA may sign certificates");
        pki.serverCertificate().certificate().verify(ca.getPublicKey());
        pki.adminCertificate().certificate().verify(ca.getPublicKey());
        for (String file : List.of("ca.crt", "ca.key", "server.crt", "server.key", "admin.crt", "admin.key")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals(3, pki.actions().size(), pki.actions().toString());
        assertEquals(pki.caCertificatePem(), Files.readString(dir.resolve("ca.crt")));
    }

    @Test
    void keysAreReadableByTheOwnerOnly() throws Exception {
        ClusterPki.loadOrCreate(dir.resolve("pki"), NAMES, at(T0));

        for (String key : List.of("ca.key", "server.key", "admin.key")) {
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki").resolve(key))), key);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki"))));
    }

    @Test
    void servingCertificateCarriesStandardHostAndExtraNames() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of("timonel.example.com", "10.9.8.7"));

        Set<String> sans = SubjectAltNames.of(pki.serverCertificate().certificate());
        for (String name : List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "timonel.example.com", "10.9.8.7")) {
            assertTrue(sans.contains(name), name + " in " + sans);
        }
        for (String hostName : HostNames.current()) {
            assertTrue(sans.contains(SubjectAltNames.canonical(hostName)), hostName + " in " + sans);
        }
        assertTrue(pki.serverCertificate().certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"),
                "serverAuth usage");
    }

    @Test
    void reloadWithSameNamesReusesEveryFile() throws Exception {
        ClusterPki.loadOrCreate(dir, NAMES, at(T0));
        Map<String, byte[]> before = contents();

        ClusterPki again = ClusterPki.loadOrCreate(dir, NAMES, at(T0.plus(Duration.ofDays(10))));

        assertEquals(List.of(), again.actions());
        Map<String, byte[]> after = contents();
        for (String file : before.keySet()) {
            assertArrayEquals(before.get(file), after.get(file), file);
        }
    }

    @Test
    void aNewlyWantedNameRenewsTheServingCertificateOnly() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dir, NAMES, at(T0));
        List<String> more = new java.util.ArrayList<>(NAMES);
        more.add("api.example.org");

        ClusterPki second = ClusterPki.loadOrCreate(dir, more, at(T0));

        assertEquals(first.caCertificatePem(), second.caCertificatePem());
        assertEquals(first.adminCertificate(), second.adminCertificate());
        assertNotEquals(first.serverCertificate(), second.serverCertificate());
        assertTrue(SubjectAltNames.of(second.serverCertificate().certificate()).contains("api.example.org"));
        assertEquals(1, second.actions().size(), second.actions().toString());
        // fewer names than the certificate has is no reason to renew
        assertEquals(List.of(), ClusterPki.loadOrCreate(dir, NAMES, at(T0)).actions());
    }

    @Test
    void certificatesCloseToExpiryAreRenewedUnderTheSameCa() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dir, NAMES, at(T0));

        ClusterPki later = ClusterPki.loadOrCreate(dir, NAMES, at(T0.plus(Duration.ofDays(340))));

        assertEquals(first.caCertificatePem(), later.caCertificatePem());
        assertNotEquals(first.serverCertificate(), later.serverCertificate());
        assertNotEquals(first.adminCertificate(), later.adminCertificate());
        later.serverCertificate().certificate().checkValidity(java.util.Date.from(T0.plus(Duration.ofDays(700))));
    }

    @Test
    void aMismatchedKeyIsDetectedAndTheCertificateReissued() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dir, NAMES, at(T0));
        Files.copy(dir.resolve("admin.key"), dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ClusterPki second = ClusterPki.loadOrCreate(dir, NAMES, at(T0));

        assertNotEquals(first.serverCertificate(), second.serverCertificate());
        assertTrue(second.actions().get(0).contains("do not match"), second.actions().toString());
    }

    @Test
    void caCertificateWithoutItsKeyIsAnError() throws Exception {
        ClusterPki.loadOrCreate(dir, NAMES, at(T0));
        Files.delete(dir.resolve("ca.key"));

        IOException error = assertThrows(IOException.class, () -> ClusterPki.loadOrCreate(dir, NAMES, at(T0)));

        assertTrue(error.getMessage().contains("ca.key"), error.getMessage());
    }

    @Test
    void adminCertificateStandsForAdminInSystemMasters() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, NAMES, at(T0));

        Optional<UserInfo> user = ClusterPki.userFromClientCertificate(
                new X509Certificate[] {pki.adminCertificate().certificate()});

        assertEquals(Optional.of(new UserInfo("admin", "", Set.of("system:masters", "system:authenticated"))), user);
    }

    @Test
    void issuedClientCertificateMapsCommonNameToUserAndOrganizationsToGroups() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, NAMES, at(T0));

        IssuedCertificate jane = pki.issueClientCertificate("jane", List.of("dev", "ops"), Duration.ofHours(1));

        UserInfo user = pki.authenticateClient(new X509Certificate[] {jane.certificate()}).orElseThrow();
        assertEquals("jane", user.name());
        assertEquals(Set.of("dev", "ops", "system:authenticated"), user.groups());
        assertEquals(Optional.empty(), pki.authenticateClient(new X509Certificate[0]));
    }

    @Test
    void certificatesOfOtherCasOrForServersAreNoUsers() throws Exception {
        ClusterPki ours = ClusterPki.loadOrCreate(dir.resolve("ours"), NAMES, at(T0));
        ClusterPki theirs = ClusterPki.loadOrCreate(dir.resolve("theirs"), NAMES, at(T0));

        X509Certificate foreign = theirs.adminCertificate().certificate();
        assertEquals(Optional.empty(), ours.authenticateClient(new X509Certificate[] {foreign}));
        X509Certificate serving = ours.serverCertificate().certificate();
        assertEquals(Optional.empty(), ClusterPki.userFromClientCertificate(new X509Certificate[] {serving}));
        assertEquals(Optional.empty(), ClusterPki.userFromClientCertificate(new X509Certificate[] {ours.caCertificate()}));
        assertEquals(Optional.empty(), ClusterPki.userFromClientCertificate(null));
    }

    @Test
    void expiredClientCertificateIsRejected() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, NAMES, at(T0));
        IssuedCertificate brief = pki.issueClientCertificate("brief", List.of(), Duration.ofMinutes(1));
        ClusterPki later = ClusterPki.loadOrCreate(dir, NAMES, at(T0.plus(Duration.ofHours(1))));

        assertEquals(Optional.empty(), later.authenticateClient(new X509Certificate[] {brief.certificate()}));
    }

    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> result = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                result.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return result;
    }
}
