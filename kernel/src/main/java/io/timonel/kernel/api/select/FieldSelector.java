package io.timonel.kernel.api.select;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.CellExtractor;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A parsed field selector: {@code field=value}, {@code field==value}, {@code field!=value},
 * comma-separated, over {@code metadata.name}, {@code metadata.namespace} and the fields the
 * resource type declares selectable.
 */
public final class FieldSelector implements Predicate<JsonNode> {
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /**
     * Parses a selector for objects of {@code type}.
     *
     * @throws IllegalArgumentException for syntax errors and unsupported fields (a 400)
     */
    public static FieldSelector parse(String text, ResourceType type) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",")) {
            String term = raw.trim();
            String op;
            int at;
            if ((at = term.indexOf("!=")) >= 0) {
                op = "!=";
            } else if ((at = term.indexOf("==")) >= 0) {
                op = "==";
            } else if ((at = term.indexOf('=')) >= 0) {
                op = "=";
            } else {
                throw new IllegalArgumentException("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }
            String field = term.substring(0, at).trim();
            String value = term.substring(at + op.length()).trim();
            terms.add(new Term(extractor(field, type), op.equals("!="), value));
        }
        return new FieldSelector(List.copyOf(terms));
    }

    private static CellExtractor extractor(String field, ResourceType type) {
        switch (field) {
            case "metadata.name":
                return o -> o.path("metadata").path("name").asText("");
            case "metadata.namespace":
                return o -> o.path("metadata").path("namespace").asText("");
            default:
                CellExtractor declared = type.selectableFields().get(field);
                if (declared == null) {
                    throw new IllegalArgumentException("field label not supported: " + field);
                }
                return declared;
        }
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public boolean test(JsonNode object) {
        for (Term t : terms) {
            Object cell = t.field.cell(object);
            String value = cell == null ? "" : String.valueOf(cell);
            if (value.equals(t.value) == t.negated) {
                return false;
            }
        }
        return true;
    }

    private record Term(CellExtractor field, boolean negated, String value) {
    }
}
