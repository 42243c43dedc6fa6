package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bridge between client-side {@code kubectl apply} (which keeps its configuration in the
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation) and server-side apply by
 * the {@code kubectl} manager, as Kubernetes builds it: moving an object from one to the other
 * does not conflict on fields that still hold their client-side applied values, and server-side
 * applies keep the annotation current so that client-side apply keeps working afterwards.
 */
final class LastApplied {
    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

    /** The only manager the bridge serves (kubectl's default for {@code apply --server-side}). */
    static final String KUBECTL = "kubectl";

    private LastApplied() {
    }

    /**
     * The fields of the last client-side applied configuration that still hold the values it
     * applied: conflicts on them are not real conflicts.
     */
    static FieldSet unchangedFields(JsonNode live, SchemaNode root) {
        JsonNode text = annotation(live);
        JsonNode config = text == null ? null : Json.parse(text.asText());
        if (config == null || !config.isObject()) {
            return FieldSet.empty();
        }
        FieldSet applied = FieldSetCollector.collect(config, root);
        return applied.difference(Comparison.of(config, live, root).modified());
    }

    /** Rewrites the annotation in {@code result} from {@code applied} when {@code live} has one. */
    static void sync(JsonNode live, ObjectNode result, JsonNode applied) {
        if (annotation(live) == null || !(result.path("metadata").path("annotations") instanceof ObjectNode annotations)) {
            return;
        }
        ObjectNode config = ((ObjectNode) applied).deepCopy();
        if (config.path("metadata").path("annotations") instanceof ObjectNode own) {
            own.remove(ANNOTATION);
        }
        // Kubernetes encodes the configuration from a Go map: keys sorted, one trailing newline.
        annotations.put(ANNOTATION, Json.compact(sortedKeys(config)) + "\n");
    }

    private static JsonNode annotation(JsonNode object) {
        JsonNode value = object == null ? null : object.path("metadata").path("annotations").get(ANNOTATION);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value : null;
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = Json.object();
            names.forEach(n -> out.set(n, sortedKeys(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(n -> out.add(sortedKeys(n)));
            return out;
        }
        return node;
    }
}
