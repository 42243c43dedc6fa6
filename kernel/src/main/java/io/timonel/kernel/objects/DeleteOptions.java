package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.spi.resource.ResourceType;

/**
 * What a delete asks for (meta/v1 DeleteOptions, from the body or the query).
 *
 * @param propagationPolicy  Orphan, Background or Foreground; null for the type's default
 * @param gracePeriodSeconds requested grace period, or null
 * @param preconditionUid    the uid the object must have, or null
 * @param preconditionRv     the resourceVersion the object must have, or null
 */
public record DeleteOptions(String propagationPolicy, Long gracePeriodSeconds, String preconditionUid,
                            String preconditionRv) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null);

    /** Reads a DeleteOptions body (may be null) with query parameters taking precedence. */
    public static DeleteOptions from(JsonNode body, String queryPropagation, String queryGrace, boolean orphanQuery) {
        JsonNode b = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
        String propagation = queryPropagation != null ? queryPropagation
                : b.hasNonNull("propagationPolicy") ? b.get("propagationPolicy").asText() : null;
        if (propagation == null && (orphanQuery || b.path("orphanDependents").asBoolean(false))) {
            propagation = "Orphan";
        }
        if (propagation != null && !propagation.matches("Orphan|Background|Foreground")) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + propagation
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        Long grace = null;
        if (queryGrace != null) {
            try {
                grace = Long.parseLong(queryGrace);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("gracePeriodSeconds must be an integer");
            }
        } else if (b.hasNonNull("gracePeriodSeconds")) {
            grace = b.get("gracePeriodSeconds").asLong();
        }
        JsonNode pre = b.path("preconditions");
        return new DeleteOptions(propagation, grace,
                pre.hasNonNull("uid") ? pre.get("uid").asText() : null,
                pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null);
    }

    void checkPreconditions(ResourceType type, String name, ObjectNode meta) {
        if (preconditionUid != null && !preconditionUid.equals(meta.path("uid").asText())) {
            throw ApiException.conflict(type.group(), type.plural(), name, "Precondition failed: UID in precondition: "
                    + preconditionUid + ", UID in object meta: " + meta.path("uid").asText());
        }
        if (preconditionRv != null && !preconditionRv.equals(meta.path("resourceVersion").asText())) {
            throw ApiException.conflict(type.group(), type.plural(), name,
                    "Precondition failed: ResourceVersion in precondition: " + preconditionRv
                            + ", ResourceVersion in object meta: " + meta.path("resourceVersion").asText());
        }
    }
}
