package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The outcome of a server-side apply. */
public sealed interface ApplyResult {

    /** The HTTP status the API server answers with: 200 for {@link Applied}. */
    int httpStatus();

    /**
     * The configuration was applied.
     *
     * @param object  the new object with its {@code metadata.managedFields} updated
     * @param changed whether the object differs from the live one (managed fields aside); when
     *                neither it nor the managed fields changed the write can be skipped
     */
    record Applied(ObjectNode object, boolean changed) implements ApplyResult {
        public Applied {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public int httpStatus() {
            return 200;
        }
    }

    /**
     * The configuration sets fields that other managers own to other values, and
     * {@code force} was not given. Nothing was applied.
     *
     * @param conflicts one per field and manager, in order
     */
    record Conflict(List<FieldConflict> conflicts) implements ApplyResult {
        public Conflict {
            conflicts = List.copyOf(conflicts);
        }

        @Override
        public int httpStatus() {
            return 409;
        }

        /** The Status message, worded as Kubernetes words it. */
        public String message() {
            if (conflicts.size() == 1) {
                FieldConflict c = conflicts.get(0);
                return "Apply failed with 1 conflict: conflict with " + c.manager() + ": " + c.field();
            }
            Map<String, List<FieldPath>> byManager = new TreeMap<>();
            conflicts.forEach(c -> byManager.computeIfAbsent(c.manager(), k -> new ArrayList<>()).add(c.field()));
            List<String> lines = new ArrayList<>();
            byManager.forEach((manager, fields) -> {
                lines.add("conflicts with " + manager + ":");
                fields.forEach(f -> lines.add("- " + f));
            });
            return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
        }

        /**
         * The {@code metav1.Status} the API server returns: 409, reason {@code Conflict}, one
         * {@code FieldManagerConflict} cause per field.
         */
        public ObjectNode toStatus() {
            ObjectNode status = Json.object();
            status.put("kind", "Status");
            status.put("apiVersion", "v1");
            status.set("metadata", Json.object());
            status.put("status", "Failure");
            status.put("message", message());
            status.put("reason", "Conflict");
            ArrayNode causes = Json.array();
            for (FieldConflict c : conflicts) {
                ObjectNode cause = causes.addObject();
                cause.put("type", "FieldManagerConflict");
                cause.put("message", "conflict with " + c.manager());
                cause.put("field", c.field().toString());
            }
            status.putObject("details").set("causes", causes);
            status.put("code", 409);
            return status;
        }
    }

    /**
     * One conflicting field.
     *
     * @param manager the other manager as Kubernetes describes it, e.g. {@code "kubectl"} or
     *                {@code "kubectl-client-side-apply" using v1}
     * @param field   the field, e.g. {@code .data.color}
     */
    record FieldConflict(String manager, FieldPath field) {
    }

    /** The request is not a valid apply (e.g. it sets {@code metadata.managedFields}): 400. */
    record Malformed(String message) implements ApplyResult {
        @Override
        public int httpStatus() {
            return 400;
        }
    }

    /**
     * The configuration cannot be applied to this type (e.g. a list item lacks its key
     * fields, or two items share a key): 422.
     */
    record Invalid(String message) implements ApplyResult {
        @Override
        public int httpStatus() {
            return 422;
        }
    }
}
