package io.timonel.plugins.scheduler.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous JSON requests through the fabric8 client's HTTP transport (its TLS and
 * credentials), for the calls the typed client makes blocking or does not offer
 * ({@code pods/binding}). Completes with the answer, never exceptionally: transport failures
 * come back as status 0.
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
    private final String base;

    public RestCalls(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public CompletableFuture<Reply> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(base + path).timeout(30, TimeUnit.SECONDS)
                .header("Accept", "application/json");
        switch (method) {
            case "POST" -> request.post(contentType, body);
            case "DELETE" -> request.delete(contentType, body);
            case "PATCH" -> request.patch(contentType, body);
            default -> request.method(method, contentType, body);
        }
        try {
            return http.sendAsync(request.build(), String.class)
                    .thenApply(r -> new Reply(r.code(), r.body()))
                    .exceptionally(e -> new Reply(0, String.valueOf(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Reply(0, String.valueOf(e)));
        }
    }
}
