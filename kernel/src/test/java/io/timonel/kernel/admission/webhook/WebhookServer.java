package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.timonel.kernel.security.ClusterPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTPS webhook on loopback, answering every AdmissionReview with a {@link Responder}. */
final class WebhookServer implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Answers one review: the raw response body. */
    @FunctionalInterface
    interface Responder {
        byte[] respond(JsonNode review) throws Exception;
    }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final String caBundle;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    private WebhookServer(HttpsServer server, ExecutorService threads, String caBundle) {
        this.server = server;
        this.threads = threads;
        this.caBundle = caBundle;
    }

    /** A CA and a serving certificate for localhost, 127.0.0.1 and the given extra names. */
    static ClusterPki pki(String... extraNames) throws IOException {
        Path dir = Files.createTempDirectory("webhook-pki");
        return ClusterPki.loadOrCreate(dir, List.of(extraNames));
    }

    static WebhookServer start(ClusterPki pki, Responder responder) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK, and every answer takes 40 ms; real webhook servers (Go) set it.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverSslContext()));
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        WebhookServer hook = new WebhookServer(server, threads,
                Base64.getEncoder().encodeToString(pki.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/", exchange -> {
            byte[] body;
            try (exchange) {
                JsonNode review = MAPPER.readTree(exchange.getRequestBody());
                hook.received.add(review);
                hook.queries.add(String.valueOf(exchange.getRequestURI().getQuery()));
                body = responder.respond(review);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                // The client sees a closed connection; the test asserts on that.
            }
        });
        server.start();
        return hook;
    }

    String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The CA bundle as a configuration carries it (base64 of PEM). */
    String caBundle() {
        return caBundle;
    }

    List<JsonNode> received() {
        return received;
    }

    List<String> queries() {
        return queries;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // --- responders ---

    static byte[] review(JsonNode request, ObjectNode response) throws IOException {
        ObjectNode review = MAPPER.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        response.put("uid", request.path("request").path("uid").asText());
        review.set("response", response);
        return MAPPER.writeValueAsBytes(review);
    }

    static Responder allow(String... warnings) {
        return r -> {
            ObjectNode response = MAPPER.createObjectNode().put("allowed", true);
            for (String w : warnings) {
                response.withArray("warnings").add(w);
            }
            return review(r, response);
        };
    }

    static Responder deny(int code, String message) {
        return r -> {
            ObjectNode response = MAPPER.createObjectNode().put("allowed", false);
            response.putObject("status").put("code", code).put("message", message);
            return review(r, response);
        };
    }

    /** Allows with a JSON patch given as JSON text. */
    static Responder patch(String jsonPatch) {
        return r -> {
            ObjectNode response = MAPPER.createObjectNode().put("allowed", true).put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)));
            return review(r, response);
        };
    }

    static Responder garbage() {
        return r -> "<html>not a review</html>".getBytes(StandardCharsets.UTF_8);
    }
}
