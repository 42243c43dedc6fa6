package io.timonel.plugins.simnodes;

import java.util.function.Consumer;

/**
 * One request to the API server, sent by {@link ApiWriter}.
 *
 * @param method      HTTP method
 * @param path        absolute path on the server, e.g. {@code /api/v1/nodes/n/status}
 * @param contentType of the body
 * @param body        the request body (JSON), or null
 * @param then        told the outcome once the server answered or the request failed; runs on
 *                    the HTTP client's thread, so it must be quick
 */
record ApiWrite(String method, String path, String contentType, String body, Consumer<Outcome> then) {
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON = "application/json";

    static ApiWrite mergePatch(String path, String body, Consumer<Outcome> then) {
        return new ApiWrite("PATCH", path, MERGE_PATCH, body, then);
    }

    static ApiWrite post(String path, String body, Consumer<Outcome> then) {
        return new ApiWrite("POST", path, JSON, body, then);
    }

    static ApiWrite delete(String path, String body, Consumer<Outcome> then) {
        return new ApiWrite("DELETE", path, JSON, body, then);
    }

    /**
     * What came of a write.
     *
     * @param code the HTTP status, or 0 when no answer came (connection failure)
     * @param body the response body ("" when none)
     */
    record Outcome(int code, String body) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }
}
