package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.openapi.OpenApiReply;
import io.timonel.kernel.openapi.OpenApiV2Document;
import io.timonel.kernel.openapi.OpenApiV3Documents;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Everything that is not a resource: health, version, discovery and OpenAPI. */
public final class NonResourceHandler implements HttpHandler {
    /** The Kubernetes version Timonel speaks; kubectl checks the skew against it. */
    public static final String KUBE_MAJOR = "1";
    public static final String KUBE_MINOR = "33";
    public static final String GIT_VERSION = "v1.33.0-timonel.0.1.0";

    private final Discovery discovery;
    private final OpenApiV3Documents openApiV3;
    private final OpenApiV2Document openApiV2;
    private final BooleanSupplier ready;
    private final java.util.function.Supplier<String> serverAddress;

    public NonResourceHandler(Discovery discovery, OpenApiV3Documents openApiV3, OpenApiV2Document openApiV2,
                              BooleanSupplier ready, java.util.function.Supplier<String> serverAddress) {
        this.discovery = discovery;
        this.openApiV3 = openApiV3;
        this.openApiV2 = openApiV2;
        this.ready = ready;
        this.serverAddress = serverAddress;
    }

    /** Paths anyone may read without credentials, as Kubernetes' system:public-info-viewer allows. */
    public static boolean isPublic(String path) {
        return path.equals("/version") || path.startsWith("/healthz") || path.startsWith("/livez")
                || path.startsWith("/readyz");
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!ex.getRequestMethod().toString().equals("GET") && !ex.getRequestMethod().toString().equals("HEAD")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        if (path.startsWith("/healthz") || path.startsWith("/livez")) {
            Http.sendText(ex, 200, "ok");
            return;
        }
        if (path.startsWith("/readyz")) {
            if (ready.getAsBoolean()) {
                Http.sendText(ex, 200, "ok");
            } else {
                Http.sendText(ex, 500, "[-]kernel not ready\nreadyz check failed");
            }
            return;
        }
        switch (path) {
            case "/version" -> Http.send(ex, 200, version());
            case "/api" -> discoveryDoc(ex, true, discovery.apiVersions(serverAddress.get()));
            case "/apis" -> discoveryDoc(ex, false, discovery.groupList());
            case "/openapi/v2" -> reply(ex, openApiV2.serve(ex.getRequestHeaders().getFirst(Headers.ACCEPT),
                    ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH)));
            default -> other(ex, path);
        }
    }

    private void other(HttpServerExchange ex, String path) {
        if (path.startsWith("/openapi/v3")) {
            Optional<OpenApiReply> reply = openApiV3.serve(path, Http.query(ex, "hash"),
                    ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH));
            reply(ex, reply.orElseThrow(() -> ApiException.notFoundPath(ex.getRequestPath())));
            return;
        }
        String[] parts = path.substring(1).split("/");
        ObjectNode doc = null;
        if (parts.length == 2 && parts[0].equals("api")) {
            doc = discovery.resourceList("", parts[1]);
        } else if (parts.length == 2 && parts[0].equals("apis")) {
            doc = discovery.group(parts[1]);
        } else if (parts.length == 3 && parts[0].equals("apis")) {
            doc = discovery.resourceList(parts[1], parts[2]);
        }
        if (doc == null) {
            throw ApiException.notFoundPath(path);
        }
        Http.send(ex, 200, doc);
    }

    private static void reply(HttpServerExchange ex, OpenApiReply reply) {
        reply.headers().forEach((name, value) -> ex.getResponseHeaders().put(new io.undertow.util.HttpString(name), value));
        ex.setStatusCode(reply.status());
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(reply.body()));
    }

    private void discoveryDoc(HttpServerExchange ex, boolean core, ObjectNode legacy) {
        if (Discovery.wantsAggregated(ex.getRequestHeaders().getFirst(Headers.ACCEPT))) {
            ex.getResponseHeaders().put(Headers.VARY, "Accept");
            Http.sendBytes(ex, 200, Discovery.AGGREGATED_TYPE, Json.bytes(discovery.aggregated(core)));
            return;
        }
        Http.send(ex, 200, legacy);
    }

    private static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", KUBE_MAJOR);
        v.put("minor", KUBE_MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "timonel");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-11-23T00:00:00Z");
        v.put("goVersion", "java" + System.getProperty("java.version"));
        v.put("compiler", "javac");
        v.put("platform", "linux/" + ("amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(
                System.getProperty("os.arch")) ? "amd64" : System.getProperty("os.arch")));
        return v;
    }
}
