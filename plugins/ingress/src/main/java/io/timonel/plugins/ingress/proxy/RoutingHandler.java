package io.timonel.plugins.ingress.proxy;

import io.timonel.plugins.ingress.backends.Upstream;
import io.timonel.plugins.ingress.routing.Route;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.Supplier;

/**
 * The first handler of every request: finds its route in the current {@link Snapshot} and either
 * answers at once — 404 when no rule or default backend matches, 503 when the backend's Service
 * has no ready endpoint — or attaches the backend's {@link Upstream} and hands the exchange to the
 * proxy handler. Runs on the IO thread: it only reads immutable tables.
 */
final class RoutingHandler implements HttpHandler {
    private final Supplier<Snapshot> snapshot;
    private final HttpHandler proxy;

    RoutingHandler(Supplier<Snapshot> snapshot, HttpHandler proxy) {
        this.snapshot = snapshot;
        this.proxy = proxy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Snapshot current = snapshot.get();
        Route route = current.routes().route(exchange.getRequestHeaders().getFirst(Headers.HOST),
                exchange.getRequestPath());
        if (!(route instanceof Route.To to)) {
            answer(exchange, StatusCodes.NOT_FOUND, "404 Not Found: no Ingress rule matches this host and path\n");
            return;
        }
        Upstream upstream = current.upstream(to.backend());
        if (upstream == null || upstream.isEmpty()) {
            answer(exchange, StatusCodes.SERVICE_UNAVAILABLE,
                    "503 Service Unavailable: no ready endpoint for " + to.backend() + "\n");
            return;
        }
        exchange.putAttachment(EndpointProxyClient.UPSTREAM, upstream);
        proxy.handleRequest(exchange);
    }

    private static void answer(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body);
    }
}
