package io.timonel.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server and TLS client credentials of one kubeconfig context, as the benchmark needs them:
 * the API server URL and an {@link SSLContext} that trusts the cluster CA and presents the
 * user's client certificate.
 *
 * <p>Reads the current context (or the only/first one when none is set); embedded
 * {@code *-data} fields and file references (relative to the kubeconfig's folder) are both
 * accepted. Private keys may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM.
 *
 * @param server     the cluster's {@code server} URL
 * @param sslContext trusts the cluster CA and authenticates with the client certificate
 */
public record KubeconfigCredentials(URI server, SSLContext sslContext) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final char[] KEYSTORE_PASSWORD = "timonel-bench".toCharArray();

    /** Reads a kubeconfig file; file references inside it resolve against its folder. */
    public static KubeconfigCredentials load(Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        return parse(Files.readString(file), base);
    }

    /**
     * Parses kubeconfig YAML.
     *
     * @param base folder against which relative file references resolve
     * @throws IllegalArgumentException when the kubeconfig lacks a server, the CA, or client
     *                                  certificate credentials, or holds malformed PEM
     */
    public static KubeconfigCredentials parse(String yaml, Path base) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("kubeconfig is not a YAML mapping");
        }
        JsonNode context = select(root, "contexts", "context", root.path("current-context").asText(""));
        JsonNode cluster = select(root, "clusters", "cluster", context.path("cluster").asText(""));
        JsonNode user = select(root, "users", "user", context.path("user").asText(""));

        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw new IllegalArgumentException("kubeconfig cluster has no server");
        }
        String caPem = pem(cluster, "certificate-authority", base);
        String certPem = pem(user, "client-certificate", base);
        String keyPem = pem(user, "client-key", base);
        if (caPem == null) {
            throw new IllegalArgumentException("kubeconfig cluster has no certificate-authority(-data)");
        }
        if (certPem == null || keyPem == null) {
            throw new IllegalArgumentException("kubeconfig user has no client-certificate(-data) and client-key(-data)");
        }
        try {
            return new KubeconfigCredentials(URI.create(server), sslContext(caPem, certPem, keyPem));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("kubeconfig credentials are unusable: " + e.getMessage(), e);
        }
    }

    /** The named entry's inner object of a kubeconfig list, or the first entry's when not named or not found. */
    private static JsonNode select(JsonNode root, String list, String inner, String name) {
        JsonNode entries = root.path(list);
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException("kubeconfig has no " + list);
        }
        for (JsonNode entry : entries) {
            if (entry.path("name").asText("").equals(name)) {
                return entry.path(inner);
            }
        }
        if (!name.isEmpty() && entries.size() > 1) {
            throw new IllegalArgumentException("kubeconfig has no entry named '" + name + "' in " + list);
        }
        return entries.get(0).path(inner);
    }

    /** PEM text of {@code field-data} (base64) or of the file named by {@code field}; null when neither is set. */
    private static String pem(JsonNode node, String field, Path base) throws IOException {
        String data = node.path(field + "-data").asText("");
        if (!data.isEmpty()) {
            return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
        }
        String file = node.path(field).asText("");
        if (!file.isEmpty()) {
            Path path = base == null ? Path.of(file) : base.resolve(file);
            return Files.readString(path, StandardCharsets.US_ASCII);
        }
        return null;
    }

    static SSLContext sslContext(String caPem, String certPem, String keyPem)
            throws GeneralSecurityException, IOException {
        List<X509Certificate> authorities = certificates(caPem);
        List<X509Certificate> chain = certificates(certPem);
        if (authorities.isEmpty() || chain.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block in the CA or client certificate");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
            trust.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", privateKey(keyPem), KEYSTORE_PASSWORD, chain.toArray(new Certificate[0]));

        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, KEYSTORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new IllegalArgumentException("client key holds no unencrypted private key");
    }
}
