package io.timonel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.kernel.security.IssuedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled bundle ({@code target/timonel}, built in the package phase) works as a user runs
 * it: {@code bin/timonel server} starts, prints where it serves, answers {@code /readyz} to the
 * admin's client certificate, writes a private kubeconfig, and stops cleanly on SIGTERM.
 */
class BundleIT {

    private static final Path BUNDLE = Path.of("target", "timonel").toAbsolutePath();
    private static final Pattern SERVING = Pattern.compile("^Timonel \\S+ serving (https://\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void bundleHasLauncherLibrariesPluginsAndConfig() throws Exception {
        assertTrue(Files.isExecutable(BUNDLE.resolve("bin/timonel")));
        assertTrue(Files.isRegularFile(BUNDLE.resolve("conf/timonel.yaml")));
        try (var libs = Files.list(BUNDLE.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("timonel-kernel-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("timonel-distribution-")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("timonel-plugin-")), "plugins stay off the class path");
        }
        try (var plugins = Files.list(BUNDLE.resolve("plugins"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().startsWith("timonel-plugin-core-api-")));
        }
        Process plugins = new ProcessBuilder(BUNDLE.resolve("bin/timonel").toString(), "plugins")
                .redirectErrorStream(true).start();
        String listing = new String(plugins.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(plugins.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, plugins.exitValue(), listing);
        assertTrue(listing.contains("core-api"), listing);
    }

    @Test
    void serverStartsServesTheAdminAndStopsOnSigterm() throws Exception {
        long started = System.nanoTime();
        Process server = new ProcessBuilder(BUNDLE.resolve("bin/timonel").toString(), "server",
                "--data-dir", dataDir.toString(), "--port", "0", "--bind-address", "127.0.0.1")
                .redirectError(dataDir.resolve("stderr.log").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        Matcher matcher = SERVING.matcher(line);
                        if (matcher.find()) {
                            return matcher.group(1);
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String serving = url.get(60, TimeUnit.SECONDS);
            assertNotNull(serving, "the server exited before serving: " + Files.readString(dataDir.resolve("stderr.log")));
            System.out.printf("bin/timonel server ready after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());

            HttpResponse<String> ready = adminClient().send(
                    HttpRequest.newBuilder(URI.create(serving + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("ok", ready.body());
            Path kubeconfig = dataDir.resolve("admin.kubeconfig");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)));
            assertTrue(Files.readString(kubeconfig).contains("server: " + serving), Files.readString(kubeconfig));

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            assertTrue(Files.readString(dataDir.resolve("stderr.log")).contains("timonel server: stopped"),
                    "the shutdown hook closed the kernel: " + Files.readString(dataDir.resolve("stderr.log")));
        } finally {
            server.destroyForcibly();
        }
    }

    /** An HTTP client that trusts the cluster CA and presents the admin's certificate. */
    private SSLContext adminTls() throws Exception {
        Path pki = dataDir.resolve("pki");
        IssuedCertificate admin = new IssuedCertificate(Files.readString(pki.resolve("admin.crt")),
                Files.readString(pki.resolve("admin.key")));
        IssuedCertificate caOnly = new IssuedCertificate(Files.readString(pki.resolve("ca.crt")),
                Files.readString(pki.resolve("ca.key")));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", caOnly.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("admin", admin.privateKey(), new char[0], new Certificate[] {admin.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private HttpClient adminClient() throws Exception {
        return HttpClient.newBuilder().sslContext(adminTls()).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
