package io.timonel.plugins.ingress.proxy;

import io.timonel.plugins.ingress.backends.Upstream;
import io.undertow.client.UndertowClient;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ConnectionPoolErrorHandler;
import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import io.undertow.util.AttachmentKey;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.OptionMap;

/**
 * Undertow's {@link ProxyClient} for Ingress backends: the {@link RoutingHandler} attaches the
 * {@link Upstream} a request goes to, and this client takes its endpoints in turn (skipping ones
 * whose connections recently failed, when another is left) and connects through a pool of
 * keep-alive connections per endpoint. Pools of endpoints that are gone are closed by
 * {@link #retainOnly}.
 */
final class EndpointProxyClient implements ProxyClient, AutoCloseable {
    /** The upstream chosen for the exchange, set before the proxy handler runs. */
    static final AttachmentKey<Upstream> UPSTREAM = AttachmentKey.create(Upstream.class);

    private static final int CONNECTIONS_PER_THREAD = 20;
    private static final int CACHED_CONNECTIONS_PER_THREAD = 10;
    private static final int SOFT_MAX_CONNECTIONS_PER_THREAD = 5;
    private static final int PROBLEM_RETRY_SECONDS = 5;

    private final Map<URI, ProxyConnectionPool> pools = new ConcurrentHashMap<>();
    private final UndertowClient client = UndertowClient.getInstance();

    /** A target endpoint: {@code http://ip:port}. */
    record Endpoint(URI uri) implements ProxyTarget {
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        Upstream upstream = exchange.getAttachment(UPSTREAM);
        URI uri = upstream == null ? null : upstream.next(this::healthy);
        return uri == null ? null : new Endpoint(uri);
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
                              long timeout, TimeUnit timeUnit) {
        URI uri = ((Endpoint) target).uri();
        pools.computeIfAbsent(uri, u -> new ProxyConnectionPool(new PoolSettings(), u, client, OptionMap.EMPTY))
                .connect(target, exchange, callback, timeout, timeUnit, false);
    }

    private boolean healthy(URI uri) {
        ProxyConnectionPool pool = pools.get(uri);
        return pool == null || pool.available() != ProxyConnectionPool.AvailabilityType.PROBLEM;
    }

    /** Closes the pools of endpoints not in {@code endpoints}. */
    void retainOnly(Set<URI> endpoints) {
        pools.entrySet().removeIf(e -> {
            if (endpoints.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    @Override
    public void close() {
        retainOnly(Set.of());
    }

    /** Per-endpoint pool limits and problem tracking (one instance per pool: it holds the endpoint's state). */
    private static final class PoolSettings extends ConnectionPoolErrorHandler.SimpleConnectionPoolErrorHandler
            implements ConnectionPoolManager {
        @Override
        public int getProblemServerRetry() {
            return PROBLEM_RETRY_SECONDS;
        }

        @Override
        public int getMaxConnections() {
            return CONNECTIONS_PER_THREAD;
        }

        @Override
        public int getMaxCachedConnections() {
            return CACHED_CONNECTIONS_PER_THREAD;
        }

        @Override
        public int getSMaxConnections() {
            return SOFT_MAX_CONNECTIONS_PER_THREAD;
        }

        @Override
        public long getTtl() {
            return -1;
        }

        @Override
        public int getMaxQueueSize() {
            return 0;
        }
    }
}
