package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.timonel.spi.admission.ObjectReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Posts AdmissionReviews to webhooks over HTTPS. One {@link HttpClient} (and so one pool of kept-
 * alive connections) per CA bundle and expected server name, cached, so that a configuration
 * change which alters either gets a fresh client and an unchanged one keeps its connections.
 * Never throws for a failed call: every failure becomes {@link AdmissionReviews.Reply.Unusable}
 * with Kubernetes' wording. Thread-safe.
 */
public final class WebhookCaller {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record ClientKey(String caBundle, String serverName) {
    }

    /** A client, or why none can be built (e.g. a caBundle that is not PEM). */
    private record Connector(HttpClient client, String problem) {
    }

    private final Executor executor;
    private final Cache<ClientKey, Connector> clients = Caffeine.newBuilder()
            .maximumSize(256).expireAfterAccess(Duration.ofMinutes(10)).build();

    /** @param executor runs the HTTP clients' I/O completions and callbacks */
    public WebhookCaller(Executor executor) {
        this.executor = executor;
    }

    /**
     * Sends {@code review} to {@code hook} and reads its answer; completes within the webhook's
     * timeout.
     */
    public CompletableFuture<AdmissionReviews.Reply> call(Webhook hook, ObjectNode review, String uid,
                                                          ObjectReader objects) {
        Webhook.ClientConfig config = hook.client();
        URI base;
        String serverName;
        if (config.url() != null) {
            if (config.url().isBlank()) {
                return failed("webhook has no url or service");
            }
            try {
                base = URI.create(config.url());
            } catch (IllegalArgumentException e) {
                return failed("invalid url " + config.url() + ": " + e.getMessage());
            }
            if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
                return failed("webhook url must be an https URL with a host: " + config.url());
            }
            serverName = base.getHost();
        } else {
            ServiceEndpoints.Target target = ServiceEndpoints.resolve(config, objects);
            if (target instanceof ServiceEndpoints.Target.Missing m) {
                return failed("failed to call webhook: Post \"" + withTimeout(config.displayUrl(), hook) + "\": "
                        + m.why());
            }
            ServiceEndpoints.Target.Found f = (ServiceEndpoints.Target.Found) target;
            base = f.uri();
            serverName = f.serverName();
        }
        Connector connector = clients.get(new ClientKey(config.caBundle(), serverName), this::connect);
        if (connector.client() == null) {
            return failed("failed to call webhook: " + connector.problem());
        }
        URI uri = URI.create(withTimeout(base.toString(), hook));
        String shown = withTimeout(config.displayUrl(), hook);
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            return failed("failed to encode the review: " + e.getOriginalMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(hook.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return connector.client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(hook.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        return new AdmissionReviews.Reply.Unusable("failed to call webhook: Post \"" + shown + "\": "
                                + describe(error));
                    }
                    if (response.statusCode() < 200 || response.statusCode() >= 300) {
                        return new AdmissionReviews.Reply.Unusable("received unexpected HTTP status code "
                                + response.statusCode() + " from webhook");
                    }
                    return AdmissionReviews.parse(response.body(), uid);
                });
    }

    private static String withTimeout(String url, Webhook hook) {
        return url + (url.contains("?") ? "&" : "?") + "timeout=" + hook.timeout().toSeconds() + "s";
    }

    private Connector connect(ClientKey key) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new javax.net.ssl.TrustManager[] {ServerTrust.of(key.caBundle(), key.serverName())}, null);
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(tls)
                    .executor(executor)
                    .connectTimeout(Duration.ofSeconds(Webhook.MAX_TIMEOUT_SECONDS))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            return new Connector(client, null);
        } catch (GeneralSecurityException e) {
            return new Connector(null, "invalid caBundle: " + e.getMessage());
        }
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof TimeoutException || e instanceof HttpTimeoutException
                && !(e instanceof HttpConnectTimeoutException)) {
            return "context deadline exceeded";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "dial tcp: i/o timeout";
        }
        if (e instanceof ConnectException) {
            return "connect: connection refused";
        }
        if (e instanceof SSLException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "tls: " + root.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static CompletableFuture<AdmissionReviews.Reply> failed(String why) {
        return CompletableFuture.completedFuture(new AdmissionReviews.Reply.Unusable(why));
    }
}
