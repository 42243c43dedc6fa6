package io.timonel.kernel.security;

import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

/**
 * The cluster's certificate authority and the certificates the API server needs, kept as PEM files
 * in one directory:
 * <pre>
 *   ca.crt     ca.key       the cluster CA (10 years)
 *   server.crt server.key   the API server's serving certificate (1 year)
 *   admin.crt  admin.key    the admin's client certificate: CN=admin, O=system:masters (1 year)
 * </pre>
 * Keys are RSA 2048 in PKCS#8, files holding keys are mode 0600 and the directory 0700.
 *
 * <p>{@link #loadOrCreate} generates what is missing on the first start and reloads the files on
 * later ones. A serving or admin certificate is issued anew when it is not signed by the CA, does
 * not match its key, expires within {@link #RENEW_BEFORE}, or (serving certificate) lacks one of
 * the names wanted now — so adding a network interface or an extra SAN takes effect on the next
 * start, while a start with the same names leaves every file untouched. Names no longer wanted
 * are not a reason to renew. The CA is never replaced: a directory with a CA certificate but
 * without its key is an error, because a new CA would invalidate every kubeconfig handed out.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClusterPki {

    /** Certificates this close to their end are renewed on load. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Allowance for clocks of clients that run a little behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    /** Every CA this class makes has a common name starting with this. */
    static final String CA_NAME_PREFIX = "timonel-ca";
    static final String SERVER_NAME = "timonel-apiserver";
    static final String ADMIN_USER = "admin";
    private static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";


    private final Path directory;
    private final Clock clock;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final IssuedCertificate server;
    private final IssuedCertificate admin;
    private final List<String> actions;
    private final SSLContext serverSslContext;

    private ClusterPki(Path directory, Clock clock, X509Certificate caCertificate, PrivateKey caKey,
                       IssuedCertificate server, IssuedCertificate admin, List<String> actions) {
        this.directory = directory;
        this.clock = clock;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.server = server;
        this.admin = admin;
        this.actions = List.copyOf(actions);
        this.serverSslContext = buildServerSslContext();
    }

    /**
     * Loads the PKI from {@code pkiDir}, creating or renewing what is missing or due (see the class
     * comment). The serving certificate covers localhost, 127.0.0.1, ::1, the host name, every
     * address of the host's interfaces, {@code kubernetes}, {@code kubernetes.default},
     * {@code kubernetes.default.svc}, {@code kubernetes.default.svc.cluster.local} and
     * {@code extraSans} (DNS names or IP literals).
     *
     * @throws IOException when the directory cannot be read or written, a file is not valid PEM,
     *                     or the CA key is missing while the CA certificate is present
     */
    public static ClusterPki loadOrCreate(Path pkiDir, List<String> extraSans) throws IOException {
        List<String> wanted = new ArrayList<>(HostNames.STANDARD);
        wanted.addAll(HostNames.current());
        wanted.addAll(extraSans);
        return loadOrCreate(pkiDir, wanted, Clock.systemUTC());
    }

    /** As {@link #loadOrCreate(Path, List)} with exactly the given names and clock (tests). */
    static ClusterPki loadOrCreate(Path pkiDir, Collection<String> serverSans, Clock clock) throws IOException {
        Objects.requireNonNull(pkiDir, "pkiDir");
        Set<String> wantedSans = SubjectAltNames.canonical(serverSans);
        SecureFiles.createPrivateDirectory(pkiDir);
        List<String> actions = new ArrayList<>();
        Instant now = clock.instant();

        Path caCrt = pkiDir.resolve("ca.crt");
        Path caKeyFile = pkiDir.resolve("ca.key");
        X509Certificate caCertificate;
        PrivateKey caKey;
        if (Files.exists(caCrt) || Files.exists(caKeyFile)) {
            if (!Files.exists(caCrt) || !Files.exists(caKeyFile)) {
                throw new IOException(pkiDir + " holds only one of ca.crt and ca.key; restore the other, or remove "
                        + pkiDir + " to start over with a new cluster CA (existing kubeconfigs stop working)");
            }
            caCertificate = readCertificate(caCrt);
            caKey = readKey(caKeyFile);
            if (!keyMatches(caCertificate.getPublicKey(), caKey)) {
                throw new IOException(caKeyFile + " is not the key of " + caCrt);
            }
        } else {
            KeyPair keys = CertificateIssuer.newKeyPair();
            caCertificate = CertificateIssuer.selfSignedCa(keys, CA_NAME_PREFIX + "@" + now.getEpochSecond(),
                    now.minus(BACKDATE), now.plus(CA_VALIDITY));
            caKey = keys.getPrivate();
            SecureFiles.writeOwnerOnly(caKeyFile, Pem.encode(caKey));
            SecureFiles.writeReadable(caCrt, Pem.encode(caCertificate));
            actions.add("generated the cluster CA " + caCertificate.getSubjectX500Principal().getName());
        }

        Path serverCrt = pkiDir.resolve("server.crt");
        Path serverKey = pkiDir.resolve("server.key");
        Optional<IssuedCertificate> existingServer = readPair(serverCrt, serverKey);
        Optional<String> serverProblem = existingServer.map(pair -> problem(pair, caCertificate, now)
                        .or(() -> missingNames(pair.certificate(), wantedSans)))
                .orElse(Optional.of("none yet"));
        IssuedCertificate server;
        if (serverProblem.isEmpty()) {
            server = existingServer.orElseThrow();
        } else {
            KeyPair keys = CertificateIssuer.newKeyPair();
            X509Certificate certificate = new CertificateIssuer(caCertificate, caKey).server(keys.getPublic(),
                    SERVER_NAME, wantedSans, now.minus(BACKDATE), now.plus(LEAF_VALIDITY));
            server = new IssuedCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate()));
            writePair(serverCrt, serverKey, server);
            actions.add("issued the serving certificate (" + serverProblem.get() + ") for " + wantedSans);
        }

        Path adminCrt = pkiDir.resolve("admin.crt");
        Path adminKey = pkiDir.resolve("admin.key");
        Optional<IssuedCertificate> existingAdmin = readPair(adminCrt, adminKey);
        Optional<String> adminProblem = existingAdmin.map(pair -> problem(pair, caCertificate, now))
                .orElse(Optional.of("none yet"));
        IssuedCertificate admin;
        if (adminProblem.isEmpty()) {
            admin = existingAdmin.orElseThrow();
        } else {
            admin = issue(caCertificate, caKey, ADMIN_USER, List.of(UserInfo.MASTERS_GROUP), LEAF_VALIDITY, now);
            writePair(adminCrt, adminKey, admin);
            actions.add("issued the admin client certificate (" + adminProblem.get() + ")");
        }
        return new ClusterPki(pkiDir, clock, caCertificate, caKey, server, admin, actions);
    }

    /**
     * TLS for the API server: presents the serving certificate (with the CA in its chain) and
     * trusts client certificates signed by the cluster CA. Whether client certificates are asked
     * for is the server's choice (Kubernetes asks but does not require them). The same context is
     * returned on every call.
     */
    public SSLContext serverSslContext() {
        return serverSslContext;
    }

    /** The CA certificate in PEM, for kubeconfigs and for clients that verify the server. */
    public String caCertificatePem() {
        return Pem.encode(caCertificate);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The serving certificate and key currently in use. */
    public IssuedCertificate serverCertificate() {
        return server;
    }

    /** The admin's client certificate (CN=admin, O=system:masters), as written to admin.crt/admin.key. */
    public IssuedCertificate adminCertificate() {
        return admin;
    }

    /** The directory holding the PEM files. */
    public Path directory() {
        return directory;
    }

    /** What {@link #loadOrCreate} generated or renewed, one line each; empty when all was reused. */
    public List<String> actions() {
        return actions;
    }

    /**
     * Issues a client certificate signed by the cluster CA. The API server maps it to user
     * {@code commonName} with groups {@code organizations} (plus {@code system:authenticated}).
     * Nothing is written to disk.
     */
    public IssuedCertificate issueClientCertificate(String commonName, List<String> organizations,
                                                    Duration validity) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a common name (the user name)");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        return issue(caCertificate, caKey, commonName, organizations, validity, clock.instant());
    }

    /**
     * The user a verified client-certificate chain stands for, as Kubernetes maps it: the leaf's
     * CN is the user name, each O a group, and every such user is also in
     * {@code system:authenticated}.
     *
     * <p>Signature and validity are checked by the TLS handshake against the cluster CA (see
     * {@link #serverSslContext()}); this method only double-checks what it can without the CA:
     * the leaf was issued by a Timonel cluster CA, is not itself a CA, is meant for client
     * authentication and has a common name. Prefer {@link #authenticateClient} where the
     * {@code ClusterPki} is at hand: it also verifies the signature.
     *
     * @return empty for a null or empty chain, or a certificate that fails those checks
     */
    public static Optional<UserInfo> userFromClientCertificate(X509Certificate[] chain) {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            return Optional.empty();
        }
        X509Certificate leaf = chain[0];
        Optional<String> issuerName = attribute(leaf.getIssuerX500Principal(), "CN").stream().findFirst();
        if (issuerName.isEmpty() || !issuerName.get().startsWith(CA_NAME_PREFIX)) {
            return Optional.empty();
        }
        if (leaf.getBasicConstraints() >= 0 || !allowsClientAuth(leaf)) {
            return Optional.empty();
        }
        List<String> commonNames = attribute(leaf.getSubjectX500Principal(), "CN");
        if (commonNames.size() != 1 || commonNames.get(0).isBlank()) {
            return Optional.empty();
        }
        Set<String> groups = new LinkedHashSet<>(attribute(leaf.getSubjectX500Principal(), "O"));
        groups.add(UserInfo.AUTHENTICATED_GROUP);
        return Optional.of(new UserInfo(commonNames.get(0), "", Collections.unmodifiableSet(groups)));
    }

    /**
     * As {@link #userFromClientCertificate}, and the leaf must also be signed by this cluster's CA
     * and valid now.
     */
    public Optional<UserInfo> authenticateClient(X509Certificate[] chain) {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            return Optional.empty();
        }
        try {
            chain[0].verify(caCertificate.getPublicKey());
            chain[0].checkValidity(java.util.Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return userFromClientCertificate(chain);
    }

    private SSLContext buildServerSslContext() {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.privateKey(), password,
                    new Certificate[] {server.certificate(), caCertificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("cluster-ca", caCertificate);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the API server's TLS context", e);
        }
    }

    private static IssuedCertificate issue(X509Certificate caCertificate, PrivateKey caKey, String commonName,
                                           List<String> organizations, Duration validity, Instant now) {
        KeyPair keys = CertificateIssuer.newKeyPair();
        X509Certificate certificate = new CertificateIssuer(caCertificate, caKey).client(keys.getPublic(),
                commonName, organizations, now.minus(BACKDATE), now.plus(validity));
        return new IssuedCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate()));
    }

    /** Why an existing certificate cannot be kept, or empty when it can. */
    private static Optional<String> problem(IssuedCertificate pair, X509Certificate ca, Instant now) {
        X509Certificate certificate = pair.certificate();
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("not signed by the cluster CA");
        }
        if (!keyMatches(certificate.getPublicKey(), pair.privateKey())) {
            return Optional.of("certificate and key do not match");
        }
        if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return Optional.of("expires " + certificate.getNotAfter().toInstant());
        }
        return Optional.empty();
    }

    private static Optional<String> missingNames(X509Certificate certificate, Set<String> wanted) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(SubjectAltNames.of(certificate));
        return missing.isEmpty() ? Optional.empty() : Optional.of("names missing: " + missing);
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        byte[] probe = "timonel key check".getBytes(StandardCharsets.US_ASCII);
        String algorithm = "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean allowsClientAuth(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH_OID);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    /** The values of one attribute type (e.g. CN, O) in a distinguished name, in order. */
    private static List<String> attribute(X500Principal principal, String type) {
        List<String> values = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns()) {
                NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore()) {
                    Attribute attribute = attributes.next();
                    if (attribute.getID().equalsIgnoreCase(type)) {
                        values.add(String.valueOf(attribute.get()));
                    }
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        } catch (NamingException e) {
            return List.of();
        }
        return values;
    }

    private static Optional<IssuedCertificate> readPair(Path certificate, Path key) throws IOException {
        if (!Files.exists(certificate) || !Files.exists(key)) {
            return Optional.empty();
        }
        IssuedCertificate pair = new IssuedCertificate(Files.readString(certificate), Files.readString(key));
        try {
            pair.certificate();
            pair.privateKey();
        } catch (IllegalArgumentException e) {
            throw new IOException(certificate + " or " + key + " is not valid PEM: " + e.getMessage(), e);
        }
        return Optional.of(pair);
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        try {
            return Pem.certificate(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try {
            return Pem.privateKey(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void writePair(Path certificate, Path key, IssuedCertificate pair) throws IOException {
        // key first: a crash in between leaves a mismatched pair, which the next load detects and renews
        SecureFiles.writeOwnerOnly(key, pair.privateKeyPem());
        SecureFiles.writeReadable(certificate, pair.certificatePem());
    }
}
