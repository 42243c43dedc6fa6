package io.timonel.kernel.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Parses the path into a {@link RequestInfo} for the handlers after it. */
public final class RequestInfoHandler implements HttpHandler {
    private final HttpHandler next;

    public RequestInfoHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        ex.putAttachment(Attachments.REQUEST_INFO, RequestInfo.parse(ex.getRequestMethod().toString(),
                ex.getRequestPath(), Http.query(ex, "watch")));
        next.handleRequest(ex);
    }
}
