package io.timonel.kernel.schema;

import io.timonel.spi.resource.FieldViolation;
import java.util.List;

/**
 * What {@link SchemaChecker#check} found in one object.
 *
 * @param violations    type errors ({@link FieldViolation.Type#TYPE_INVALID}) and broken value
 *                      constraints (required, enum, pattern, bounds, formats, list uniqueness), in
 *                      document order; Kubernetes answers them with 422 Invalid
 * @param unknownFields paths of fields the schema does not know, e.g. {@code spec.foo} or
 *                      {@code spec.containers[0].foo}, in document order: what
 *                      {@code fieldValidation=Strict} rejects (400, {@code strict decoding error:
 *                      unknown field "spec.foo"}) and {@code Warn} reports in Warning headers
 */
public record SchemaReport(List<FieldViolation> violations, List<String> unknownFields) {

    public SchemaReport {
        violations = List.copyOf(violations);
        unknownFields = List.copyOf(unknownFields);
    }

    /** Whether the object has neither violations nor unknown fields. */
    public boolean clean() {
        return violations.isEmpty() && unknownFields.isEmpty();
    }

    /**
     * Only the type errors: what a built-in type's decoder would refuse. Built-in types check
     * values with their own validators, so the API server may apply just these to them.
     */
    public List<FieldViolation> typeViolations() {
        return violations.stream().filter(v -> v.type() == FieldViolation.Type.TYPE_INVALID).toList();
    }

    /** The Warning header texts of {@code fieldValidation=Warn}: {@code unknown field "spec.foo"}. */
    public List<String> unknownFieldWarnings() {
        return unknownFields.stream().map(f -> "unknown field \"" + f + "\"").toList();
    }

    /**
     * The message of the 400 BadRequest of {@code fieldValidation=Strict}, e.g.
     * {@code strict decoding error: unknown field "spec.foo", unknown field "spec.bar"}; empty
     * string when there are no unknown fields.
     */
    public String strictDecodingError() {
        return unknownFields.isEmpty() ? "" : "strict decoding error: " + String.join(", ", unknownFieldWarnings());
    }
}
