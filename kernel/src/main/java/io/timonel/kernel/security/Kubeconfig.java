package io.timonel.kernel.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kubeconfig files (the {@code v1 Config} that kubectl and client libraries read) with the
 * credentials embedded: cluster {@code timonel} (server URL and CA), one user with a client
 * certificate, and context {@code timonel} selected as current. Files are mode 0600 as they hold a
 * private key.
 */
public final class Kubeconfig {

    /** Name of the cluster and of the context in every kubeconfig written here. */
    public static final String CLUSTER = "timonel";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Kubeconfig() {
    }

    /**
     * The URL a client on this host uses to reach a server bound to {@code bindAddress}: the
     * loopback address when bound to all interfaces ({@code 0.0.0.0}, {@code ::}), else the
     * address itself.
     */
    public static URI serverUrl(String bindAddress, int port) {
        String host = bindAddress == null || bindAddress.isBlank() || bindAddress.equals("0.0.0.0")
                || bindAddress.equals("::") || bindAddress.equals("[::]") ? "127.0.0.1" : bindAddress;
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("https://" + host + ":" + port);
    }

    /** Writes the admin's kubeconfig: user {@code admin} with the PKI's admin certificate. */
    public static void writeAdmin(Path file, URI server, ClusterPki pki) throws IOException {
        write(file, server, pki.caCertificatePem(), ClusterPki.ADMIN_USER, pki.adminCertificate());
    }

    /**
     * Writes (replacing atomically) a kubeconfig for {@code userName} authenticating with
     * {@code credentials} against {@code server}, which is verified against {@code caCertificatePem}.
     */
    public static void write(Path file, URI server, String caCertificatePem, String userName,
                             IssuedCertificate credentials) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        SecureFiles.writeOwnerOnly(file, render(server, caCertificatePem, userName, credentials));
    }

    /** The kubeconfig as YAML text. */
    public static String render(URI server, String caCertificatePem, String userName,
                                IssuedCertificate credentials) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", server.toString());
        cluster.put("certificate-authority-data", base64(caCertificatePem));

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("client-certificate-data", base64(credentials.certificatePem()));
        user.put("client-key-data", base64(credentials.privateKeyPem()));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", CLUSTER);
        context.put("user", userName);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(named(CLUSTER, "cluster", cluster)));
        config.put("users", List.of(named(userName, "user", user)));
        config.put("contexts", List.of(named(CLUSTER, "context", context)));
        config.put("current-context", CLUSTER);
        config.put("preferences", Map.of());
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> named(String name, String key, Object value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(key, value);
        return entry;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
