package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Type-specific validation, run after defaulting and schema checks on every create and update
 * (including dry runs). Pure and thread-safe; must not call the API.
 */
@FunctionalInterface
public interface ObjectValidator {

    /**
     * @param object the object about to be stored
     * @param old    the stored object for an update, {@code null} for a create
     * @return every violation found (empty when valid); the kernel answers 422 when any
     */
    List<FieldViolation> validate(JsonNode object, JsonNode old);

    ObjectValidator NONE = (object, old) -> List.of();
}
