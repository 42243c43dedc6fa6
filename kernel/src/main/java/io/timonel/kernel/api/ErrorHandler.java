package io.timonel.kernel.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: every failure below becomes a Kubernetes Status. An {@link ApiException}
 * carries its own code; anything else is a server bug, logged and answered with 500.
 */
public final class ErrorHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
    private final HttpHandler next;

    public ErrorHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        try {
            next.handleRequest(ex);
        } catch (ApiException e) {
            respond(ex, e);
        } catch (java.io.UncheckedIOException e) {
            LOG.error("store failure on {} {}", ex.getRequestMethod(), ex.getRequestPath(), e);
            respond(ex, ApiException.internal("storage error: " + e.getMessage()));
        } catch (Exception | StackOverflowError e) {
            LOG.error("unexpected failure on {} {}", ex.getRequestMethod(), ex.getRequestPath(), e);
            respond(ex, ApiException.internal("an internal error occurred: " + e));
        }
    }

    static void respond(HttpServerExchange ex, ApiException e) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().clear();
        Http.send(ex, e.code(), e.toStatus());
    }
}
