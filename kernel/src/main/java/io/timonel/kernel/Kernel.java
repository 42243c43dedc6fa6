// PLACEHOLDER - replaced by the lead
package io.timonel.kernel;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.timonel.kernel.plugin.PluginHost;
import io.timonel.kernel.plugin.PluginReport;
import io.timonel.kernel.security.ClusterPki;
import io.timonel.kernel.security.Kubeconfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PLACEHOLDER - replaced by the lead. Just enough of the kernel for the CLI and the scripts to be
 * exercised: PKI, plugins, admin kubeconfig and health endpoints over HTTPS.
 */
public final class Kernel implements AutoCloseable {

    private final HttpsServer server;
    private final PluginHost plugins;
    private final URI url;
    private final Path adminKubeconfig;

    private Kernel(HttpsServer server, PluginHost plugins, URI url, Path adminKubeconfig) {
        this.server = server;
        this.plugins = plugins;
        this.url = url;
        this.adminKubeconfig = adminKubeconfig;
    }

    public static Kernel start(KernelConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        ClusterPki pki = ClusterPki.loadOrCreate(config.dataDir().resolve("pki"), config.extraSans());
        PluginHost plugins = PluginHost.load(config);
        plugins.start();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverSslContext()));
        for (String path : List.of("/healthz", "/readyz", "/livez")) {
            server.createContext(path, exchange -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        server.start();
        URI url = Kubeconfig.serverUrl(config.bindAddress(), server.getAddress().getPort());
        Path kubeconfig = config.dataDir().resolve("admin.kubeconfig");
        Kubeconfig.writeAdmin(kubeconfig, url, pki);
        return new Kernel(server, plugins, url, kubeconfig);
    }

    public URI url() {
        return url;
    }

    public Path adminKubeconfig() {
        return adminKubeconfig;
    }

    public List<PluginReport> plugins() {
        return plugins.reports();
    }

    @Override
    public void close() {
        server.stop(0);
        plugins.close();
    }
}
