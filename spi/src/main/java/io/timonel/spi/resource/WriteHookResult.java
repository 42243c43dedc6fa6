package io.timonel.spi.resource;

import java.util.List;

/** What an {@link ObjectWriteHook} decided about a write. */
public sealed interface WriteHookResult {

    /** Go on with the write. */
    static WriteHookResult ok() {
        return Ok.INSTANCE;
    }

    /** Refuse with 422 Invalid, each violation a cause of the Status. */
    static WriteHookResult invalid(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one violation");
        }
        return new Invalid(List.copyOf(violations));
    }

    /** Refuse with 422 Invalid for one violation. */
    static WriteHookResult invalid(FieldViolation violation) {
        return invalid(List.of(violation));
    }

    /**
     * Refuse with another Status, e.g. {@code 409 Conflict}, {@code 403 Forbidden} or
     * {@code 500 InternalError} (the store of reservations failed).
     *
     * @param code    the HTTP status code
     * @param reason  the Status reason, e.g. {@code Conflict}
     * @param message a sentence for the client
     */
    static WriteHookResult refused(int code, String reason, String message) {
        return new Refused(code, reason, message);
    }

    /** The write goes on. */
    enum Ok implements WriteHookResult {
        INSTANCE
    }

    /** The object is invalid (422). */
    record Invalid(List<FieldViolation> violations) implements WriteHookResult {
    }

    /** The write is refused with {@code code}. */
    record Refused(int code, String reason, String message) implements WriteHookResult {
    }
}
