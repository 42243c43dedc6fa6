package io.timonel.spi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What an admission plugin decided; build with the static factories. */
public sealed interface AdmissionResult {

    /** The request may go on unchanged; {@code warnings} reach the client as Warning headers. */
    record Allowed(List<String> warnings) implements AdmissionResult {
    }

    /** The request may go on with {@code object} in place of the submitted one (mutating plugins). */
    record Mutated(JsonNode object, List<String> warnings) implements AdmissionResult {
    }

    /** The request is refused with {@code code} (usually 403 or 422) and {@code message}. */
    record Denied(int code, String reason, String message) implements AdmissionResult {
    }

    static AdmissionResult allow() {
        return new Allowed(List.of());
    }

    static AdmissionResult mutated(JsonNode object) {
        return new Mutated(object, List.of());
    }

    /** Refuses with 403 Forbidden. */
    static AdmissionResult deny(String message) {
        return new Denied(403, "Forbidden", message);
    }
}
