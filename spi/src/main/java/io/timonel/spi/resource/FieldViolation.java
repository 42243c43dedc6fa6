package io.timonel.spi.resource;

/**
 * One reason an object is invalid, reported to the client as a cause of a 422 Invalid Status.
 *
 * @param type    the kind of problem; its {@link Type#reason()} is the cause's reason
 * @param field   the field path, e.g. {@code spec.template.spec.containers[0].image}
 * @param message a sentence for humans, e.g. {@code Required value}
 */
public record FieldViolation(Type type, String field, String message) {

    /** Kubernetes' field error types. */
    public enum Type {
        REQUIRED("FieldValueRequired"),
        INVALID("FieldValueInvalid"),
        NOT_SUPPORTED("FieldValueNotSupported"),
        DUPLICATE("FieldValueDuplicate"),
        FORBIDDEN("FieldValueForbidden"),
        TOO_LONG("FieldValueTooLong"),
        TOO_MANY("FieldValueTooMany"),
        TYPE_INVALID("FieldValueTypeInvalid");

        private final String reason;

        Type(String reason) {
            this.reason = reason;
        }

        /** The {@code reason} of the StatusCause. */
        public String reason() {
            return reason;
        }
    }

    public static FieldViolation required(String field) {
        return new FieldViolation(Type.REQUIRED, field, "Required value");
    }

    public static FieldViolation invalid(String field, Object value, String detail) {
        return new FieldViolation(Type.INVALID, field, "Invalid value: " + quote(value) + ": " + detail);
    }

    public static FieldViolation notSupported(String field, Object value, java.util.Collection<String> allowed) {
        return new FieldViolation(Type.NOT_SUPPORTED, field, "Unsupported value: " + quote(value)
                + ": supported values: " + String.join(", ", allowed.stream().map(v -> "\"" + v + "\"").toList()));
    }

    public static FieldViolation duplicate(String field, Object value) {
        return new FieldViolation(Type.DUPLICATE, field, "Duplicate value: " + quote(value));
    }

    public static FieldViolation forbidden(String field, String detail) {
        return new FieldViolation(Type.FORBIDDEN, field, "Forbidden: " + detail);
    }

    public static FieldViolation tooLong(String field, int max) {
        return new FieldViolation(Type.TOO_LONG, field, "Too long: may not be more than " + max + " bytes");
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
