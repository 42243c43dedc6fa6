package io.timonel.kernel.openapi;

import java.util.Map;

/**
 * What to answer to a request for an OpenAPI document: a status code (200, 301 or 304), the
 * headers to set (Content-Type, ETag, Cache-Control, Expires, Location, Vary) and the body
 * (empty for 301 and 304). The HTTP layer writes it as is.
 */
public record OpenApiReply(int status, Map<String, String> headers, byte[] body) {

    public OpenApiReply {
        headers = Map.copyOf(headers);
    }
}
