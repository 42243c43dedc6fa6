package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;

/**
 * The patch formats the API server accepts, by media type. Bridges the request path to the
 * pure engines in {@code io.timonel.kernel.patch}.
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
            throw ApiException.unsupportedMediaType(mediaType);
        }
    }

    /** Applies a JSON, merge or strategic merge patch to {@code current}; a bad patch is a 4xx. */
    public static ObjectNode apply(Kind kind, ResourceType type, ObjectNode current, JsonNode patch) {
        JsonNode result = switch (kind) {
            case MERGE -> mergePatch(current, patch);
            default -> throw ApiException.unsupportedMediaType(kind.mediaType);
        };
        if (!(result instanceof ObjectNode o)) {
            throw ApiException.badRequest("the patch did not produce an object");
        }
        return o;
    }

    /** Server-side apply of {@code applied} by {@code manager} onto {@code live} (null: create). */
    public static ObjectNode serverSideApply(ResourceType type, ObjectNode live, ObjectNode applied, String manager,
                                             boolean force, Clock clock) {
        throw ApiException.unsupportedMediaType(Kind.APPLY.mediaType);
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }
}
