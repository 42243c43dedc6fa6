package io.timonel.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The few Kubernetes API calls the benchmark makes, on ConfigMaps and Namespaces, over an
 * {@link HttpPool}. Replies are returned as values; only transport failures throw.
 */
public final class KubeApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final HttpPool pool;

    /** @param server base URL of the API server, e.g. {@code https://127.0.0.1:6443} */
    public KubeApi(URI server, HttpPool pool) {
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.pool = pool;
    }

    /** Status code and body of one answer. */
    public record Reply(int status, String body) {
        /** A one-line description for failure reports. */
        public String describe() {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            return "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
        }
    }

    public URI server() {
        return server;
    }

    public Reply createNamespace(String name) throws IOException, InterruptedException {
        return send(0, request("/api/v1/namespaces").POST(body(ConfigMaps.namespaceJson(name))));
    }

    public Reply deleteNamespace(String name) throws IOException, InterruptedException {
        return send(0, request("/api/v1/namespaces/" + name).DELETE());
    }

    public Reply createConfigMap(int worker, String namespace, String name) throws IOException, InterruptedException {
        return send(worker, request(collection(namespace))
                .POST(body(ConfigMaps.json(namespace, name, null, 0))));
    }

    /** PUT with {@code resourceVersion}: compare-and-swap, a 409 when someone else wrote in between. */
    public Reply updateConfigMap(int worker, String namespace, String name, String resourceVersion, long generation)
            throws IOException, InterruptedException {
        return send(worker, request(collection(namespace) + "/" + name)
                .PUT(body(ConfigMaps.json(namespace, name, resourceVersion, generation))));
    }

    public Reply getConfigMap(int worker, String namespace, String name) throws IOException, InterruptedException {
        return send(worker, request(collection(namespace) + "/" + name).GET());
    }

    public Reply listConfigMaps(int worker, String namespace) throws IOException, InterruptedException {
        return send(worker, request(collection(namespace)).GET());
    }

    /** The namespace's ConfigMap collection revision now: a watch from it sees every later write. */
    public String currentResourceVersion(String namespace) throws IOException, InterruptedException {
        Reply reply = send(0, request(collection(namespace) + "?limit=1").GET());
        if (reply.status() != 200) {
            throw new IOException("cannot list configmaps in " + namespace + ": " + reply.describe());
        }
        return JSON.readTree(reply.body()).path("metadata").path("resourceVersion").asText();
    }

    /**
     * Lists the whole namespace in one request (no {@code limit}) and counts the items while
     * reading, so the time includes receiving and decoding every byte.
     */
    public ListCounter.Count countConfigMaps(String namespace) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = pool.client(0)
                .send(request(collection(namespace)).timeout(Duration.ofMinutes(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("list of " + namespace + " answered HTTP " + response.statusCode() + ": "
                        + new String(in.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8));
            }
            return ListCounter.count(in);
        }
    }

    /**
     * Opens a watch on the namespace's ConfigMaps from {@code resourceVersion} ({@code null}: from
     * now, after synthetic ADDED events for what exists). The handler sees the answer's headers
     * as soon as the server has started the watch.
     */
    public <T> CompletableFuture<HttpResponse<T>> watchConfigMaps(HttpClient client, String namespace,
                                                                 String resourceVersion, int timeoutSeconds,
                                                                 BodyHandler<T> handler) {
        String query = "?watch=true&timeoutSeconds=" + timeoutSeconds
                + (resourceVersion == null ? "" : "&resourceVersion=" + resourceVersion);
        HttpRequest watch = HttpRequest.newBuilder(URI.create(server + collection(namespace) + query))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(timeoutSeconds + 30L))
                .GET().build();
        return client.sendAsync(watch, handler);
    }

    /** POST a JSON object to {@code path} (any resource: custom resources, CRDs). */
    public Reply post(int worker, String path, String json) throws IOException, InterruptedException {
        return send(worker, request(path).POST(body(json)));
    }

    /** GET {@code path} (e.g. {@code /readyz}). */
    public Reply get(String path) throws IOException, InterruptedException {
        return send(0, request(path).timeout(Duration.ofSeconds(5)).GET());
    }

    /** Reads a JSON reply body as a tree. */
    static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static String collection(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private Reply send(int worker, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = pool.client(worker).send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
