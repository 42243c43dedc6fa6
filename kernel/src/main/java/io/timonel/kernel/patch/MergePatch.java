package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}): objects merge field by
 * field, {@code null} removes a field, anything else (arrays included) replaces the value.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @param target the current object; {@code null} is treated as {@code {}}
     * @param patch  the merge patch, a JSON object
     * @return {@link PatchResult.Patched} with the new object, or {@link PatchResult.Malformed}
     *         when the patch is not a JSON object (400)
     */
    public static PatchResult apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return new PatchResult.Malformed("merge patch must be a JSON object");
        }
        ObjectNode base = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        return new PatchResult.Patched(mergeInto(base, (ObjectNode) patch));
    }

    /** Merges {@code patch} into {@code base}, which is modified and returned. */
    static ObjectNode mergeInto(ObjectNode base, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                base.remove(field.getKey());
            } else if (value.isObject()) {
                JsonNode current = base.get(field.getKey());
                ObjectNode into = current != null && current.isObject() ? (ObjectNode) current : Json.object();
                base.set(field.getKey(), mergeInto(into, (ObjectNode) value));
            } else {
                base.set(field.getKey(), value.deepCopy());
            }
        }
        return base;
    }
}
