package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.spi.resource.FieldViolation;
import java.util.List;

/**
 * A request that fails with a Kubernetes {@code Status}: thrown anywhere in the request path and
 * written by {@link ErrorHandler} as the response body with its code. Never used for server bugs,
 * which become 500 InternalError there.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final ObjectNode details;

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The Status object Kubernetes clients expect. */
    public ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return status;
    }

    private static ObjectNode details(String name, String group, String kind) {
        ObjectNode d = Json.object();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (kind != null) {
            d.put("kind", kind);
        }
        return d;
    }

    /** {@code resource} is the plural, qualified by group when not core, e.g. {@code deployments.apps}. */
    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static ApiException notFound(String group, String resource, String name) {
        return new ApiException(404, "NotFound",
                qualified(group, resource) + " \"" + name + "\" not found", details(name, group, resource));
    }

    public static ApiException notFoundPath(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource",
                details(null, null, null));
    }

    public static ApiException alreadyExists(String group, String resource, String name) {
        return new ApiException(409, "AlreadyExists",
                qualified(group, resource) + " \"" + name + "\" already exists", details(name, group, resource));
    }

    public static ApiException conflict(String group, String resource, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
                + " \"" + name + "\": " + why, details(name, group, resource));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml" + (contentType.isEmpty() ? "" : " (got " + contentType + ")"),
                null);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message, null);
    }

    public static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null);
    }

    /** 422 Invalid with one cause per violation, as Kubernetes' field validation reports. */
    public static ApiException invalid(String group, String kind, String name, List<FieldViolation> violations) {
        ObjectNode d = details(name, group, kind);
        ArrayNode causes = d.putArray("causes");
        StringBuilder summary = new StringBuilder();
        for (FieldViolation v : violations) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", v.type().reason());
            cause.put("message", v.message());
            cause.put("field", v.field());
            summary.append(summary.length() == 0 ? "" : ", ").append(v.field()).append(": ").append(v.message());
        }
        String what = kind + " \"" + (name == null ? "" : name) + "\"";
        return new ApiException(422, "Invalid", what + " is invalid: "
                + (violations.size() == 1 ? summary : "[" + summary + "]"), d);
    }
}
