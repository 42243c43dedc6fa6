package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Building blocks shared by the types' validators. */
public final class Validation {

    private Validation() {
    }

    /** Accumulates violations; a type's rules add to one as they walk the object. */
    @FunctionalInterface
    public interface Rules {
        void check(JsonNode object, JsonNode old, List<FieldViolation> out);
    }

    /** A validator checking {@code metadata.name} against {@code rule}, then the type's own rules. */
    public static ObjectValidator of(NameRule rule, Rules rules) {
        return (object, old) -> {
            List<FieldViolation> out = new ArrayList<>();
            checkName(object, rule, out);
            rules.check(object, old, out);
            return List.copyOf(out);
        };
    }

    /** A validator checking only {@code metadata.name}. */
    public static ObjectValidator names(NameRule rule) {
        return of(rule, (object, old, out) -> { });
    }

    /**
     * Reports a missing name (unless generateName stands in for it) or a malformed one. The
     * generic metadata checks (labels, annotations, sizes) are the kernel's.
     */
    public static void checkName(JsonNode object, NameRule rule, List<FieldViolation> out) {
        String name = Json.text(object, "metadata", "name");
        if (name == null || name.isEmpty()) {
            String generateName = Json.text(object, "metadata", "generateName");
            if (generateName == null || generateName.isEmpty()) {
                out.add(new FieldViolation(FieldViolation.Type.REQUIRED, "metadata.name",
                        "Required value: name or generateName is required"));
            }
            return;
        }
        for (String problem : rule.check(name)) {
            out.add(FieldViolation.invalid("metadata.name", name, problem));
        }
    }

    /** Reports a change of the value at {@code path} between the stored and the new object. */
    public static void immutable(JsonNode value, JsonNode oldValue, FieldPath path, List<FieldViolation> out) {
        if (!Objects.equals(normalize(value), normalize(oldValue))) {
            out.add(FieldViolation.invalid(path.path(), display(value), "field is immutable"));
        }
    }

    /** Reports {@code value} at {@code path} unless it is one of {@code allowed}. */
    public static void oneOf(String value, Collection<String> allowed, FieldPath path, List<FieldViolation> out) {
        if (value != null && !allowed.contains(value)) {
            out.add(FieldViolation.notSupported(path.path(), value, allowed));
        }
    }

    /** Reports a negative number at {@code path}. */
    public static void nonNegative(JsonNode parent, String field, FieldPath path, List<FieldViolation> out) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value != null && value.isNumber() && value.asLong() < 0) {
            out.add(FieldViolation.invalid(path.child(field).path(), value.asLong(),
                    "must be greater than or equal to 0"));
        }
    }

    /** Reports each problem of a checked string as an Invalid cause. */
    public static void report(List<String> problems, String value, FieldPath path, List<FieldViolation> out) {
        problems.forEach(problem -> out.add(FieldViolation.invalid(path.path(), value, problem)));
    }

    /** Absent and JSON null both mean unset. */
    private static JsonNode normalize(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static Object display(JsonNode value) {
        JsonNode n = normalize(value);
        if (n == null) {
            return "null";
        }
        return n.isTextual() ? n.asText() : n.toString();
    }
}
