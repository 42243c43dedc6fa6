package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.EnumSet;

/**
 * RFC 6902 JSON patch ({@code application/json-patch+json}): a list of {@code add},
 * {@code remove}, {@code replace}, {@code move}, {@code copy} and {@code test} operations.
 * Removing a path that does not exist is an error, as in Kubernetes.
 */
public final class JsonPatch {

    /** Kubernetes refuses patches with more operations than this (413 in the API server). */
    public static final int MAX_OPERATIONS = 10_000;

    private static final EnumSet<CompatibilityFlags> FLAGS =
            EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonPatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @param target the current object; {@code null} is treated as {@code {}}
     * @param patch  the patch document, a JSON array of operations
     * @return {@link PatchResult.Patched} with the new object; {@link PatchResult.Malformed}
     *         when the patch is not a valid operation list (400); {@link PatchResult.Invalid}
     *         when an operation cannot apply, e.g. a missing path or a failed {@code test}, or
     *         the result is not an object (422); {@link PatchResult.TooLarge} beyond
     *         {@link #MAX_OPERATIONS} operations (413)
     */
    public static PatchResult apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            return new PatchResult.Malformed("json patch must be a JSON array of operations");
        }
        if (patch.size() > MAX_OPERATIONS) {
            return new PatchResult.TooLarge("the allowed maximum operations in a JSON patch is "
                    + MAX_OPERATIONS + ", got " + patch.size());
        }
        try {
            com.flipkart.zjsonpatch.JsonPatch.validate(patch, FLAGS);
        } catch (InvalidJsonPatchException e) {
            return new PatchResult.Malformed("invalid json patch: " + e.getMessage());
        }
        JsonNode source = target == null || target.isNull() ? Json.object() : target;
        JsonNode result;
        try {
            result = com.flipkart.zjsonpatch.JsonPatch.apply(patch, source, FLAGS);
        } catch (InvalidJsonPatchException e) {
            return new PatchResult.Malformed("invalid json patch: " + e.getMessage());
        } catch (JsonPatchApplicationException e) {
            return new PatchResult.Invalid(describe(e));
        } catch (RuntimeException e) {
            // The library signals some evaluation failures with other unchecked exceptions;
            // bad input must never become a 500.
            return new PatchResult.Invalid("json patch could not be applied: " + e.getMessage());
        }
        if (!(result instanceof ObjectNode)) {
            return new PatchResult.Invalid("json patch result is not a JSON object");
        }
        return new PatchResult.Patched((ObjectNode) result);
    }

    private static String describe(JsonPatchApplicationException e) {
        String message = e.getMessage();
        if (e.getPath() != null) {
            message = message + " (path " + e.getPath() + ")";
        }
        return "json patch could not be applied: " + message;
    }
}
