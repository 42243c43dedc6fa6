package io.timonel.kernel.api;

import io.timonel.spi.auth.Authorizer;
import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The HTTPS API server: composes the handler chain in one place and owns the listener.
 *
 * <pre>
 * dispatch to a worker → errors → parse path → authenticate → authorize → resource | non-resource
 * </pre>
 * Every request leaves the IO thread here, once: handlers below may block. Watches hold their
 * worker thread for their lifetime, so the worker pool is sized for many concurrent watches.
 */
public final class ApiServer implements AutoCloseable {
    private final Undertow undertow;

    public ApiServer(String bindAddress, int port, SSLContext ssl, HttpHandler resources, HttpHandler nonResources,
                     Function<X509Certificate[], Optional<UserInfo>> certificates, List<TokenAuthenticator> tokens,
                     List<Authorizer> authorizers) {
        HttpHandler authorized = new AuthorizationHandler(ex -> {
            RequestInfo info = ex.getAttachment(Attachments.REQUEST_INFO);
            (info.resourceRequest() ? resources : nonResources).handleRequest(ex);
        }, authorizers);
        HttpHandler authenticated = new AuthenticationHandler(authorized, certificates, tokens);
        UserInfo anonymous = new UserInfo("system:anonymous", "", Set.of("system:unauthenticated"));
        HttpHandler publicOrAuthenticated = ex -> {
            if (NonResourceHandler.isPublic(ex.getRequestPath())) {
                ex.putAttachment(Attachments.USER, anonymous);
                nonResources.handleRequest(ex);
            } else {
                authenticated.handleRequest(ex);
            }
        };
        HttpHandler root = new BlockingHandler(new ErrorHandler(new RequestInfoHandler(publicOrAuthenticated)));
        this.undertow = Undertow.builder()
                .addHttpsListener(port, bindAddress, ssl)
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) Http.MAX_BODY_BYTES + 1)
                // idle keep-alive connections stay open longer than Go clients keep theirs (90 s)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerOption(Options.WORKER_TASK_CORE_THREADS, 16)
                .setWorkerOption(Options.WORKER_TASK_MAX_THREADS, 4096)
                .setWorkerOption(Options.WORKER_TASK_KEEPALIVE, 30_000)
                .setWorkerOption(Options.STACK_SIZE, 256L * 1024)
                .setHandler(root)
                .build();
    }

    /** Binds the listener; on failure nothing is left running (XNIO's threads would keep the JVM alive). */
    public void start() {
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop();
            throw e;
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
