package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The OpenAPI v3 schema of a resource type, used for {@code /openapi/v2}, {@code /openapi/v3},
 * {@code kubectl explain}, type checks of incoming objects and the list semantics of patches.
 *
 * <p>{@code components} holds named schemas (OpenAPI {@code components.schemas}); references
 * between them are written {@code {"$ref": "#/components/schemas/NAME"}}. {@code root} is the
 * component of the resource itself. Lists carry Kubernetes' extensions where they matter:
 * {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy},
 * {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys};
 * {@code x-kubernetes-int-or-string} and {@code x-kubernetes-preserve-unknown-fields} as in CRDs.
 *
 * @param root       the name of the component describing the resource
 * @param components every component reachable from {@code root}
 */
public record OpenApiSchema(String root, Map<String, JsonNode> components) {

    /** The schema of the resource itself. */
    public JsonNode rootSchema() {
        return components.get(root);
    }

    /** Follows a {@code $ref}, returning the referenced component, or {@code schema} itself. */
    public JsonNode resolve(JsonNode schema) {
        if (schema != null && schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return components.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema != null && schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }
}
