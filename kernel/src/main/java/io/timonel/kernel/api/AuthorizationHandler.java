package io.timonel.kernel.api;

import io.timonel.spi.auth.Authorizer;
import io.timonel.spi.auth.Decision;
import io.timonel.spi.auth.RequestAttributes;
import io.timonel.spi.auth.UserInfo;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * Asks the authorizers, in order, whether the request may go on. {@code system:masters} is always
 * allowed. With no authorizer installed every authenticated user is allowed (the kernel's
 * default until an RBAC plugin is present).
 */
public final class AuthorizationHandler implements HttpHandler {
    private final HttpHandler next;
    private final List<Authorizer> authorizers;

    public AuthorizationHandler(HttpHandler next, List<Authorizer> authorizers) {
        this.next = next;
        this.authorizers = authorizers;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        UserInfo user = ex.getAttachment(Attachments.USER);
        RequestInfo info = ex.getAttachment(Attachments.REQUEST_INFO);
        RequestAttributes attributes = new RequestAttributes(user, info.verb(), info.group(), info.resource(),
                info.subresource(), info.namespace(), info.name(), info.path(), info.resourceRequest());
        Decision decision = decide(authorizers, attributes);
        if (decision.outcome() != Decision.Outcome.ALLOW) {
            throw ApiException.forbidden(describe(attributes) + (decision.reason().isEmpty() ? "" : ": "
                    + decision.reason()));
        }
        next.handleRequest(ex);
    }

    /** The authorizers' combined decision, as a SubjectAccessReview would report it. */
    public static Decision decide(List<Authorizer> authorizers, RequestAttributes attributes) {
        if (attributes.user().groups().contains(UserInfo.MASTERS_GROUP)) {
            return Decision.allow("member of " + UserInfo.MASTERS_GROUP);
        }
        if (authorizers.isEmpty()) {
            return Decision.allow("no authorizer installed: authenticated users are allowed");
        }
        for (Authorizer a : authorizers) {
            Decision d = a.authorize(attributes);
            if (d.outcome() != Decision.Outcome.NO_OPINION) {
                return d;
            }
        }
        return Decision.deny("");
    }

    private static String describe(RequestAttributes a) {
        if (!a.resourceRequest()) {
            return "User \"" + a.user().name() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        String resource = a.resource() + (a.subresource().isEmpty() ? "" : "/" + a.subresource());
        return a.resource() + (a.group().isEmpty() ? "" : "." + a.group())
                + (a.name().isEmpty() ? "" : " \"" + a.name() + "\"") + " is forbidden: User \"" + a.user().name()
                + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \"" + a.group() + "\""
                + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
    }
}
