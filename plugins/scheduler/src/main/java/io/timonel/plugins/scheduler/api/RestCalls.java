package io.timonel.plugins.scheduler.api;

import io.timonel.spi.controller.ApiAccess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asynchronous JSON requests to the API server, for the scheduler's hot path (bindings, events,
 * status patches): each is a blocking {@code send} of the JDK's HTTP client on a thread of the
 * given pool. Not {@code sendAsync}: the JDK hands every asynchronous answer to
 * CompletableFuture's default executor, which on a machine of two CPUs starts a thread per task
 * (fabric8's transport does the same) — at thousands of bindings a second that costs more than
 * the requests. Trusts the cluster CA and sends the controller's bearer token. Completes with the
 * answer, never exceptionally: transport failures come back as status 0.
 */
public final class RestCalls {

    /** The status and body of an answer; status 0 when none came. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String describe() {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            return "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text));
        }
    }

    private final HttpClient http;
    private final Executor requests;
    private final String base;
    private final String authorization;

    /**
     * @param requests runs the requests, one blocking call per thread: its size bounds the requests
     *                 in flight (and the connections)
     */
    public RestCalls(ApiAccess access, Executor requests) throws GeneralSecurityException {
        this.requests = requests;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(access.caPem()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        String url = access.server().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Bearer " + access.bearerToken();
    }

    private static SSLContext trusting(String caPem) throws GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trust.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
            trust.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    public CompletableFuture<Reply> send(String method, String path, String contentType, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").header("Content-Type", contentType)
                    .header("Authorization", authorization)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Reply(r.statusCode(), r.body());
                } catch (java.io.IOException e) {
                    return new Reply(0, String.valueOf(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Reply(0, "interrupted");
                }
            }, requests);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Reply(0, String.valueOf(e)));
        }
    }
}
