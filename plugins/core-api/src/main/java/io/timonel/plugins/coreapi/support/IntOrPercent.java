package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.FieldViolation;
import java.util.List;
import java.util.regex.Pattern;

/** Bounds such as rolling-update surge or a disruption budget: a non-negative integer or a percentage such as {@code 25%}. */
public final class IntOrPercent {

    private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

    private IntOrPercent() {
    }

    public static void check(JsonNode parent, String field, FieldPath at, List<FieldViolation> out) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        String path = at.child(field).path();
        if (value.isIntegralNumber()) {
            if (value.asLong() < 0) {
                out.add(FieldViolation.invalid(path, value.asLong(), "must be greater than or equal to 0"));
            }
        } else if (value.isTextual()) {
            if (!PERCENT.matcher(value.asText()).matches()) {
                out.add(FieldViolation.invalid(path, value.asText(),
                        "a valid percent string must be a numeric string followed by an ending '%' "
                                + "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            } else if (Integer.parseInt(value.asText().replace("%", "")) > 100) {
                out.add(FieldViolation.invalid(path, value.asText(), "must not be greater than 100%"));
            }
        } else {
            out.add(FieldViolation.invalid(path, value.toString(), "must be an integer or percentage (e.g '5%')"));
        }
    }

    public static boolean isZero(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        return value.isIntegralNumber() ? value.asLong() == 0 : value.asText().equals("0%") || value.asText().equals("0");
    }
}
