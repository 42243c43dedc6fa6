package io.timonel.kernel.api;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.Headers;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Establishes who is calling: a client certificate verified in the TLS handshake, else a bearer
 * token recognised by one of the token authenticators. Requests with neither get 401.
 */
public final class AuthenticationHandler implements HttpHandler {
    private final HttpHandler next;
    private final Function<X509Certificate[], Optional<UserInfo>> certificates;
    private final List<TokenAuthenticator> tokens;

    public AuthenticationHandler(HttpHandler next, Function<X509Certificate[], Optional<UserInfo>> certificates,
                                 List<TokenAuthenticator> tokens) {
        this.next = next;
        this.certificates = certificates;
        this.tokens = tokens;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        UserInfo user = fromCertificate(ex).or(() -> fromToken(ex))
                .orElseThrow(ApiException::unauthorized);
        ex.putAttachment(Attachments.USER, user);
        next.handleRequest(ex);
    }

    private Optional<UserInfo> fromCertificate(HttpServerExchange ex) {
        SSLSessionInfo ssl = ex.getConnection().getSslSessionInfo();
        if (ssl == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = ssl.getPeerCertificates();
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                return Optional.empty();
            }
            X509Certificate[] x509 = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                x509[i] = (X509Certificate) chain[i];
            }
            return certificates.apply(x509);
        } catch (javax.net.ssl.SSLPeerUnverifiedException | io.undertow.server.RenegotiationRequiredException e) {
            return Optional.empty();
        }
    }

    private Optional<UserInfo> fromToken(HttpServerExchange ex) {
        String header = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        for (TokenAuthenticator authenticator : tokens) {
            Optional<UserInfo> user = authenticator.authenticate(token);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }
}
