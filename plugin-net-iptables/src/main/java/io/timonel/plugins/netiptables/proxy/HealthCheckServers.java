package io.timonel.plugins.netiptables.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the health check node ports of LoadBalancer Services with externalTrafficPolicy Local,
 * as kube-proxy does: any request gets 200 when this node has a ready endpoint of the Service and
 * 503 when it has none, with the count in a small JSON body, so that a load balancer outside the
 * cluster sends traffic only to nodes that keep it local. Thread-safe.
 */
public final class HealthCheckServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckServers.class);

    private final String bindAddress;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "service-proxy-health-checks");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, HttpServer> servers = new HashMap<>();
    private final Map<Integer, ServiceModels.LocalEndpoints> current = new ConcurrentHashMap<>();

    /** @param bindAddress where the ports listen ({@code 0.0.0.0} for every address) */
    public HealthCheckServers(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** Serves exactly these ports from now on: new ones open, gone ones close, counts change in place. */
    public synchronized void update(Map<Integer, ServiceModels.LocalEndpoints> checks) {
        current.keySet().retainAll(checks.keySet());
        current.putAll(checks);
        servers.entrySet().removeIf(e -> {
            if (!checks.containsKey(e.getKey())) {
                e.getValue().stop(0);
                return true;
            }
            return false;
        });
        for (Integer port : checks.keySet()) {
            if (!servers.containsKey(port)) {
                open(port);
            }
        }
    }

    /** The ports being served. */
    public synchronized java.util.Set<Integer> ports() {
        return java.util.Set.copyOf(servers.keySet());
    }

    private void open(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
            server.createContext("/", exchange -> answer(port, exchange));
            server.setExecutor(executor);
            server.start();
            servers.put(port, server);
        } catch (IOException e) {
            // tried again at the next sync
            LOG.warn("service proxy: cannot serve health check node port {}: {}", port, e.getMessage());
        }
    }

    private void answer(int port, HttpExchange exchange) throws IOException {
        try (exchange) {
            ServiceModels.LocalEndpoints check = current.get(port);
            int count = check == null ? 0 : check.count();
            String body = check == null ? "{\"localEndpoints\":0}\n"
                    : "{\"service\":{\"namespace\":\"" + check.namespace() + "\",\"name\":\"" + check.name()
                    + "\"},\"localEndpoints\":" + count + ",\"serviceProxyHealthy\":true}\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(count > 0 ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(s -> s.stop(0));
        servers.clear();
        current.clear();
        executor.shutdownNow();
    }
}
