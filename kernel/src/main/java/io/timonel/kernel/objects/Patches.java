package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.patch.ApplyResult;
import io.timonel.kernel.patch.JsonPatch;
import io.timonel.kernel.patch.MergePatch;
import io.timonel.kernel.patch.PatchResult;
import io.timonel.kernel.patch.ServerSideApply;
import io.timonel.kernel.patch.StrategicMergePatch;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;
import java.time.Instant;

/**
 * The patch formats the API server accepts, by media type: the request path's bridge to the pure
 * engines in {@code io.timonel.kernel.patch}, turning their results into Statuses.
 */
public final class Patches {
    private Patches() {
    }

    /** The PATCH media types Kubernetes defines. */
    public enum Kind {
        JSON("application/json-patch+json"),
        MERGE("application/merge-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json"),
        APPLY("application/apply-patch+yaml");

        private final String mediaType;

        Kind(String mediaType) {
            this.mediaType = mediaType;
        }

        public static Kind of(String mediaType) {
            for (Kind k : values()) {
                if (k.mediaType.equals(mediaType)) {
                    return k;
                }
            }
            if (mediaType.equals("application/apply-patch+json")) {
                return APPLY;
            }
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml, application/strategic-merge-patch+json", null);
        }
    }

    /** Applies a JSON, merge or strategic merge patch to {@code current}; a bad patch is a 4xx. */
    public static ObjectNode apply(Kind kind, ResourceType type, ObjectNode current, JsonNode patch) {
        PatchResult result = switch (kind) {
            case JSON -> JsonPatch.apply(current, patch);
            case MERGE -> MergePatch.apply(current, patch);
            case STRATEGIC -> {
                if (!StrategicMergePatch.supports(type.schema())) {
                    throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                            + "format - accepted media types include: application/json-patch+json, "
                            + "application/merge-patch+json, application/apply-patch+yaml", null);
                }
                yield StrategicMergePatch.apply(current, patch, type.schema());
            }
            case APPLY -> throw new IllegalArgumentException("apply patches go through serverSideApply");
        };
        if (result instanceof PatchResult.Patched p) {
            return p.object();
        }
        throw failure(result.httpStatus(), result.reason(), type, current);
    }

    /**
     * Server-side apply of {@code applied} by {@code manager} onto {@code live} (null: create).
     *
     * @throws ApiException 409 with one cause per conflicting field, or 400/422 for a bad configuration
     */
    public static ObjectNode serverSideApply(ResourceType type, ObjectNode live, ObjectNode applied, String manager,
                                             String subresource, boolean force, Clock clock) {
        ApplyResult result = ServerSideApply.apply(live, applied, manager, subresource, force, type.schema(),
                Instant.now(clock));
        if (result instanceof ApplyResult.Applied a) {
            return a.object();
        }
        if (result instanceof ApplyResult.Conflict c) {
            ObjectNode details = Json.object();
            String name = live == null ? "" : live.path("metadata").path("name").asText("");
            details.put("name", name);
            if (!type.group().isEmpty()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
            ArrayNode causes = details.putArray("causes");
            for (ApplyResult.FieldConflict f : c.conflicts()) {
                causes.addObject().put("reason", "FieldManagerConflict")
                        .put("message", "conflict with \"" + f.manager() + "\"")
                        .put("field", f.field().toString());
            }
            throw new ApiException(409, "Conflict", c.message(), details);
        }
        String message = result instanceof ApplyResult.Malformed m ? m.message()
                : result instanceof ApplyResult.Invalid i ? i.message() : String.valueOf(result);
        throw failure(result.httpStatus(), message, type, live);
    }

    private static ApiException failure(int status, String message, ResourceType type, JsonNode current) {
        return switch (status) {
            case 400 -> ApiException.badRequest(message);
            case 413 -> ApiException.tooLarge(message);
            default -> new ApiException(422, "Invalid", type.kind() + " \"" + (current == null ? ""
                    : current.path("metadata").path("name").asText("")) + "\" is invalid: " + message, null);
        };
    }
}
