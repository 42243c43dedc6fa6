package io.timonel.kernel.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Swagger 2.0 document served at {@code GET /openapi/v2}, derived from the v3 documents of
 * {@link OpenApiV3Documents}: every group-version's paths and components merged, components as
 * {@code definitions}. Served as JSON, or as gnostic protocol buffers when the client asks for
 * protobuf (client-go's discovery client reads only that form). Rebuilt only when the
 * v3 documents are; safe for concurrent use.
 */
public final class OpenApiV2Document {
    /**
     * The protobuf media type as answered. Clients ask for it with an {@code @} before
     * {@code v1.0}, which Go's media type parser rejects in a response's Content-Type.
     */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String PROTOBUF_REQUESTED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private final OpenApiV3Documents v3;
    private volatile Built built;

    public OpenApiV2Document(OpenApiV3Documents v3) {
        this.v3 = v3;
    }

    /** The document as JSON. */
    public byte[] json() {
        return current().json;
    }

    /** The document as a gnostic {@code openapi.v2.Document} protocol buffer. */
    public byte[] protobuf() {
        return current().protobuf;
    }

    /**
     * Answers {@code GET /openapi/v2}: protobuf when {@code accept} names the protobuf media type, JSON otherwise; an {@code ETag} per form, 304 when
     * {@code If-None-Match} matches it.
     *
     * @param accept      the Accept header, or {@code null}
     * @param ifNoneMatch the If-None-Match header, or {@code null}
     */
    public OpenApiReply serve(String accept, String ifNoneMatch) {
        Built b = current();
        boolean proto = accept != null && (accept.contains(PROTOBUF) || accept.contains(PROTOBUF_REQUESTED));
        byte[] body = proto ? b.protobuf : b.json;
        String etag = "\"" + (proto ? b.protobufHash : b.jsonHash) + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", etag);
        headers.put("Vary", "Accept");
        headers.put("Cache-Control", "no-cache, private");
        if (etag.equals(ifNoneMatch)) {
            return new OpenApiReply(304, headers, new byte[0]);
        }
        headers.put("Content-Type", proto ? PROTOBUF : OpenApiV3Documents.CONTENT_TYPE);
        return new OpenApiReply(200, headers, body);
    }

    private Built current() {
        long version = v3.version();
        Built b = built;
        if (b != null && b.version == version) {
            return b;
        }
        synchronized (this) {
            b = built;
            if (b == null || b.version != version) {
                b = build(version);
                built = b;
            }
            return b;
        }
    }

    private Built build(long version) {
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> definitions = new TreeMap<>();
        String infoVersion = "";
        for (ObjectNode doc : v3.trees().values()) {
            infoVersion = doc.path("info").path("version").asText();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                paths.putIfAbsent(e.getKey(), SwaggerConverter.pathItem(e.getValue()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("components").path("schemas").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!definitions.containsKey(e.getKey())) {
                    definitions.put(e.getKey(), SwaggerConverter.schema(e.getValue()));
                }
            }
        }
        ObjectNode doc = GroupVersionSpec.JSON.objectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", infoVersion);
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode definitionsNode = doc.putObject("definitions");
        definitions.forEach(definitionsNode::set);
        byte[] json = OpenApiV3Documents.serialize(doc);
        byte[] protobuf = SwaggerProtobuf.encode(doc);
        return new Built(version, json, ContentHash.of(json), protobuf, ContentHash.of(protobuf));
    }

    private record Built(long version, byte[] json, String jsonHash, byte[] protobuf, String protobufHash) {
    }
}
