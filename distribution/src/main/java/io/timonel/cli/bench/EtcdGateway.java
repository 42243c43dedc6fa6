package io.timonel.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * etcd's v3 API through its HTTP/JSON gateway ({@code /v3/kv/…}, keys and values base64), so
 * that etcd pays for HTTP and JSON as the Kubernetes API does. Requests go through the same
 * JDK client pool as the Timonel workload.
 */
final class EtcdGateway {

    private static final String REVISION = "\"revision\":\"";

    private final URI base;
    private final HttpPool pool;

    EtcdGateway(URI base, HttpPool pool) {
        this.base = base;
        this.pool = pool;
    }

    /** An answer: the revision the write produced (null when it did not write), or the failure. */
    record Write(String revision, String failure) {
    }

    /** A bare put: the store's cheapest write, which Timonel's create is measured against. */
    Write put(int worker, String key, String value) throws IOException, InterruptedException {
        String body = "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}";
        return send(worker, "/v3/kv/put", body, false);
    }

    /**
     * A compare-and-swap put (a transaction comparing the key's mod revision), which is what an
     * update with {@code resourceVersion} is on etcd.
     */
    Write compareAndPut(int worker, String key, String value, String modRevision) throws IOException, InterruptedException {
        String k = b64(key);
        String body = "{\"compare\":[{\"key\":\"" + k + "\",\"target\":\"MOD\",\"result\":\"EQUAL\",\"mod_revision\":\""
                + modRevision + "\"}],\"success\":[{\"request_put\":{\"key\":\"" + k + "\",\"value\":\"" + b64(value)
                + "\"}}]}";
        return send(worker, "/v3/kv/txn", body, true);
    }

    private Write send(int worker, String path, String body, boolean transaction) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = pool.client(worker).send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        if (response.statusCode() != 200) {
            return new Write(null, "HTTP " + response.statusCode() + ": " + text);
        }
        if (transaction && !text.contains("\"succeeded\":true")) {
            return new Write(null, "compare failed: " + text);
        }
        String revision = revision(text);
        return revision == null ? new Write(null, "no revision in " + text) : new Write(revision, null);
    }

    /** The header revision of a gateway answer. */
    static String revision(String json) {
        int at = json.indexOf(REVISION);
        if (at < 0) {
            return null;
        }
        int from = at + REVISION.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
