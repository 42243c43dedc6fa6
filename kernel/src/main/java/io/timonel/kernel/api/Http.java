package io.timonel.kernel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.api.protobuf.ProtobufDecoder;
import io.timonel.kernel.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.List;

/** Reading requests and writing responses the way Kubernetes clients expect. */
public final class Http {
    public static final HttpString WARNING = new HttpString("Warning");
    /** Bodies above this are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private Http() {
    }

    public static String query(HttpServerExchange ex, String name) {
        Deque<String> values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public static boolean queryFlag(HttpServerExchange ex, String name) {
        String v = query(ex, name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    /** The request body, at most {@link #MAX_BODY_BYTES}. Must be called on a blocking worker thread. */
    public static byte[] body(HttpServerExchange ex) {
        long declared = ex.getRequestContentLength();
        if (declared > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
        }
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        try (InputStream in = ex.getInputStream()) {
            if (declared >= 0) {
                // the usual case: no growing buffers, no 16 KiB scratch array per request
                return in.readNBytes((int) declared);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw ApiException.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** The media type of the request body, lower case, without parameters. */
    public static String contentType(HttpServerExchange ex) {
        String ct = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a JSON or YAML body into a tree; malformed input is a 400, other media types a 415. */
    public static JsonNode parse(byte[] body, String mediaType) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty");
        }
        if (mediaType.equals(ProtobufDecoder.MEDIA_TYPE)) {
            return protobuf(body);
        }
        boolean yaml = mediaType.endsWith("yaml");
        boolean json = mediaType.isEmpty() || mediaType.endsWith("json") || mediaType.equals("*/*");
        if (!yaml && !json) {
            throw ApiException.unsupportedMediaType(mediaType);
        }
        try {
            JsonNode node = (yaml ? Json.YAML : Json.MAPPER).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body could not be decoded: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("the request body could not be decoded: " + e.getMessage());
        }
    }

    private static JsonNode protobuf(byte[] body) {
        ProtobufDecoder.Decoded decoded = Protobuf.DECODER.decode(body);
        if (decoded instanceof ProtobufDecoder.Decoded.Object o) {
            return o.object();
        }
        if (decoded instanceof ProtobufDecoder.Decoded.UnknownKind u) {
            throw new ApiException(415, "UnsupportedMediaType", "the protobuf encoding of " + u.apiVersion() + " "
                    + u.kind() + " is not supported; send application/json", null);
        }
        throw ApiException.badRequest(((ProtobufDecoder.Decoded.Malformed) decoded).message());
    }

    /** The decoder's descriptors load on first use: most clients never send protobuf. */
    private static final class Protobuf {
        static final ProtobufDecoder DECODER = new ProtobufDecoder();
    }

    /** Whether the client prefers YAML (and accepts no JSON before it). */
    public static boolean wantsYaml(HttpServerExchange ex) {
        String accept = ex.getRequestHeaders().getFirst(Headers.ACCEPT);
        if (accept == null) {
            return false;
        }
        int yaml = accept.indexOf("application/yaml");
        int json = accept.indexOf("application/json");
        return yaml >= 0 && (json < 0 || yaml < json);
    }

    public static void send(HttpServerExchange ex, int code, JsonNode body) {
        send(ex, code, body, List.of());
    }

    public static void send(HttpServerExchange ex, int code, JsonNode body, List<String> warnings) {
        for (String w : warnings) {
            // RFC 7234 warn-text: a quoted-string, with backslash escapes (kubectl unescapes them)
            ex.getResponseHeaders().add(WARNING, "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        ex.setStatusCode(code);
        try {
            if (wantsYaml(ex)) {
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/yaml");
                ex.getResponseSender().send(ByteBuffer.wrap(Json.YAML.writeValueAsBytes(body)));
            } else {
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseSender().send(ByteBuffer.wrap(Json.bytes(body)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sendBytes(HttpServerExchange ex, int code, String contentType, byte[] body) {
        ex.setStatusCode(code);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    public static void sendText(HttpServerExchange ex, int code, String text) {
        sendBytes(ex, code, "text/plain; charset=utf-8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
