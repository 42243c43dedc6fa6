package io.timonel.kernel.api;

import java.util.Optional;

/** The OpenAPI documents the server publishes, kept current as types come and go. */
public interface OpenApiSource {

    /** {@code /openapi/v2}: Swagger 2.0 JSON. */
    byte[] v2();

    /** {@code /openapi/v3}: the index of group-version documents. */
    byte[] v3Index();

    /** {@code /openapi/v3/<path>}, e.g. {@code apis/apps/v1}; empty when no such group-version. */
    Optional<byte[]> v3(String path);
}
