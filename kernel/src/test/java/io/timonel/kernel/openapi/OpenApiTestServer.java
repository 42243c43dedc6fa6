package io.timonel.kernel.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.timonel.spi.resource.ResourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP loopback server with just enough of the Kubernetes API for kubectl to discover
 * the given types and read their OpenAPI documents: legacy discovery, {@code /openapi/v2} and
 * {@code /openapi/v3}. Everything else is 404. Records the requested paths.
 */
final class OpenApiTestServer implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final List<ResourceType> types;
    private final OpenApiV3Documents v3;
    private final OpenApiV2Document v2;
    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Objects answered to GET (and echoed to PATCH) by path. */
    final Map<String, byte[]> objects = new java.util.concurrent.ConcurrentHashMap<>();
    /** Bodies of PATCH requests with their Content-Type. */
    final List<String> patches = new CopyOnWriteArrayList<>();

    OpenApiTestServer(List<ResourceType> types) throws IOException {
        this.types = types;
        this.v3 = new OpenApiV3Documents(() -> types);
        this.v2 = new OpenApiV2Document(v3);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " Accept: " + exchange.getRequestHeaders().getFirst("Accept"));
        try (exchange) {
            if (path.startsWith("/openapi/v3")) {
                String hash = query.startsWith("hash=") ? query.substring(5) : null;
                Optional<OpenApiReply> reply = v3.serve(path, hash, exchange.getRequestHeaders().getFirst("If-None-Match"));
                if (reply.isPresent()) {
                    send(exchange, reply.get());
                    return;
                }
            } else if (path.equals("/openapi/v2")) {
                send(exchange, v2.serve(exchange.getRequestHeaders().getFirst("Accept"),
                        exchange.getRequestHeaders().getFirst("If-None-Match")));
                return;
            } else if (objects.containsKey(path)) {
                if (exchange.getRequestMethod().equals("PATCH")) {
                    patches.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                send(exchange, new OpenApiReply(200, Map.of("Content-Type", "application/json"), objects.get(path)));
                return;
            } else {
                ObjectNode body = discovery(path);
                if (body != null) {
                    byte[] bytes = OpenApiV3Documents.serialize(body);
                    send(exchange, new OpenApiReply(200, Map.of("Content-Type", "application/json"), bytes));
                    return;
                }
            }
            byte[] notFound = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                    .getBytes(StandardCharsets.UTF_8);
            send(exchange, new OpenApiReply(404, Map.of("Content-Type", "application/json"), notFound));
        }
    }

    private static void send(HttpExchange exchange, OpenApiReply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private ObjectNode discovery(String path) {
        if (path.equals("/api")) {
            ObjectNode versions = JSON.objectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", "127.0.0.1:" + server.getAddress().getPort());
            return versions;
        }
        if (path.equals("/apis")) {
            ObjectNode list = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            types.stream().filter(t -> !t.group().isEmpty())
                    .forEach(t -> byGroup.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t.version()));
            byGroup.forEach((group, versions) -> {
                ObjectNode g = groups.addObject().put("name", group);
                ArrayNode vs = g.putArray("versions");
                versions.stream().distinct().forEach(v -> vs.addObject().put("groupVersion", group + "/" + v)
                        .put("version", v));
                g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0))
                        .put("version", versions.get(0));
            });
            return list;
        }
        for (ResourceType type : types) {
            if (path.equals(ResourcePaths.prefix(type.group(), type.version()))) {
                ObjectNode list = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                        .put("groupVersion", type.apiVersion());
                ArrayNode resources = list.putArray("resources");
                types.stream().filter(t -> t.apiVersion().equals(type.apiVersion())).forEach(t -> {
                    ObjectNode r = resources.addObject().put("name", t.plural()).put("singularName", t.singular())
                            .put("namespaced", t.namespaced()).put("kind", t.kind());
                    ArrayNode verbs = r.putArray("verbs");
                    t.verbs().forEach(verbs::add);
                    ArrayNode shortNames = r.putArray("shortNames");
                    t.shortNames().forEach(shortNames::add);
                });
                return list;
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
