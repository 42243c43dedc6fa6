package io.timonel.plugins.ingress.proxy;

import io.timonel.plugins.ingress.tls.SniKeyManager;
import io.undertow.Undertow;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ingress proxy's listeners: HTTP and HTTPS on Undertow, both routing through the current
 * {@link Snapshot}, which {@link #serve} replaces atomically — routes, endpoints and certificates
 * change without rebinding a port or dropping a connection. TLS certificates are chosen per
 * handshake by SNI ({@link SniKeyManager}).
 */
public final class IngressServer implements AutoCloseable {
    private static final int IO_THREADS = 2;
    private static final int CONNECTION_RETRIES = 1;

    private final AtomicReference<Snapshot> current;
    private final EndpointProxyClient proxyClient = new EndpointProxyClient();
    private final Undertow undertow;
    private final int httpPort;
    private final int httpsPort;

    private IngressServer(String address, int httpPort, int httpsPort, Snapshot initial) {
        this.current = new AtomicReference<>(initial);
        ProxyHandler proxy = ProxyHandler.builder().setProxyClient(proxyClient)
                .setNext(ResponseCodeHandler.HANDLE_404)
                .setMaxConnectionRetries(CONNECTION_RETRIES)
                // the client's own X-Forwarded-* are replaced, never trusted
                .setReuseXForwarded(false)
                .setRewriteHostHeader(false)
                .build();
        SniKeyManager keys = new SniKeyManager(() -> current.get().certificates());
        Undertow.Builder builder = Undertow.builder().setIoThreads(IO_THREADS)
                .setHandler(new RoutingHandler(current::get, proxy))
                .addHttpListener(httpPort, address);
        if (httpsPort >= 0) {
            builder.addHttpsListener(httpsPort, address, keys.context());
        }
        this.undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop(); // a listener bound before the one that failed is released
            throw e;
        }
        List<Undertow.ListenerInfo> listeners = undertow.getListenerInfo();
        this.httpPort = port(listeners, "http");
        this.httpsPort = httpsPort >= 0 ? port(listeners, "https") : -1;
    }

    /**
     * Binds the listeners on {@code address} ({@code 0.0.0.0} for all), {@code httpPort} and
     * {@code httpsPort} (0: any free port; a negative HTTPS port: no HTTPS), serving {@code initial}.
     *
     * @throws RuntimeException when a port cannot be bound
     */
    public static IngressServer start(String address, int httpPort, int httpsPort, Snapshot initial) {
        return new IngressServer(address, httpPort, httpsPort, initial);
    }

    /** Serves {@code next} from now on; connection pools of endpoints it no longer has are closed. */
    public void serve(Snapshot next) {
        current.set(next);
        proxyClient.retainOnly(next.endpoints());
    }

    /** The snapshot being served. */
    public Snapshot serving() {
        return current.get();
    }

    /** The bound HTTP port (the actual one when 0 was asked for). */
    public int httpPort() {
        return httpPort;
    }

    /** The bound HTTPS port, or -1 when HTTPS is off. */
    public int httpsPort() {
        return httpsPort;
    }

    @Override
    public void close() {
        undertow.stop();
        proxyClient.close();
    }

    private static int port(List<Undertow.ListenerInfo> listeners, String protocol) {
        return listeners.stream().filter(l -> protocol.equals(l.getProtcol()))
                .map(l -> ((InetSocketAddress) l.getAddress()).getPort()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + protocol + " listener"));
    }
}
