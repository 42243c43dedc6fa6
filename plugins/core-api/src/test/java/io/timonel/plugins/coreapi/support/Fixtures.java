package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Terse JSON fixtures (single quotes, unquoted names) and helpers to run defaulters and validators. */
public final class Fixtures {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();

    private Fixtures() {
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad fixture: " + text, e);
        }
    }

    /** Defaults a copy of {@code object}. */
    public static ObjectNode defaulted(ObjectDefaulter defaulter, ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        defaulter.applyDefaults(copy);
        return copy;
    }

    /** The field paths of the violations, in order. */
    public static List<String> fields(List<FieldViolation> violations) {
        return violations.stream().map(FieldViolation::field).toList();
    }

    /** Defaults then validates as the kernel does on create. */
    public static List<FieldViolation> create(ObjectDefaulter defaulter, ObjectValidator validator, ObjectNode object) {
        return validator.validate(defaulted(defaulter, object), null);
    }

    /** Defaults both then validates as the kernel does on update. */
    public static List<FieldViolation> update(ObjectDefaulter defaulter, ObjectValidator validator,
                                              ObjectNode object, ObjectNode old) {
        return validator.validate(defaulted(defaulter, object), defaulted(defaulter, old));
    }

    public static JsonNode at(JsonNode node, String dotted) {
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            current = part.matches("\\d+") ? current.path(Integer.parseInt(part)) : current.path(part);
        }
        return current;
    }
}
