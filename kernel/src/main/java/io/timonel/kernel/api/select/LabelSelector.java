package io.timonel.kernel.api.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed label selector in Kubernetes' string form: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x)}, {@code a} (exists), {@code !a} (does not exist),
 * comma-separated and all required.
 */
public final class LabelSelector implements Predicate<JsonNode> {
    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /** The selector that matches everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException with a message fit for a 400 response
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String term : splitTerms(text)) {
            out.add(parseTerm(term.trim(), text));
        }
        return new LabelSelector(List.copyOf(out));
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }

    private static Requirement parseTerm(String term, String whole) {
        if (term.isEmpty()) {
            throw new IllegalArgumentException("unable to parse requirement: found '', expected: identifier in \""
                    + whole + "\"");
        }
        if (term.startsWith("!")) {
            String key = checkKey(term.substring(1).trim(), whole);
            return new Requirement(key, Op.DOES_NOT_EXIST, Set.of());
        }
        String[] setOps = {" notin ", " in "};
        for (String op : setOps) {
            int at = term.indexOf(op);
            if (at > 0) {
                String key = checkKey(term.substring(0, at).trim(), whole);
                String rest = term.substring(at + op.length()).trim();
                if (!rest.startsWith("(") || !rest.endsWith(")")) {
                    throw new IllegalArgumentException("unable to parse requirement: found '" + rest
                            + "', expected: '('");
                }
                Set<String> values = new LinkedHashSet<>();
                for (String v : rest.substring(1, rest.length() - 1).split(",")) {
                    values.add(checkValue(v.trim(), whole));
                }
                return new Requirement(key, op.trim().equals("in") ? Op.IN : Op.NOT_IN, values);
            }
        }
        for (String op : new String[] {"!=", "==", "="}) {
            int at = term.indexOf(op);
            if (at >= 0) {
                String key = checkKey(term.substring(0, at).trim(), whole);
                String value = checkValue(term.substring(at + op.length()).trim(), whole);
                return new Requirement(key, op.equals("!=") ? Op.NOT_EQUALS : Op.EQUALS, Set.of(value));
            }
        }
        return new Requirement(checkKey(term, whole), Op.EXISTS, Set.of());
    }

    private static String checkKey(String key, String whole) {
        if (!key.matches("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?") || key.length() > 317) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label key \"" + key
                    + "\" in \"" + whole + "\"");
        }
        return key;
    }

    private static String checkValue(String value, String whole) {
        if (!value.isEmpty() && !value.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?") || value.length() > 63) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label value: \"" + value
                    + "\" in \"" + whole + "\"");
        }
        return value;
    }

    /** Whether this selector selects everything. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Tests an object's {@code metadata.labels}. */
    @Override
    public boolean test(JsonNode object) {
        if (requirements.isEmpty()) {
            return true;
        }
        JsonNode labels = object.path("metadata").path("labels");
        for (Requirement r : requirements) {
            JsonNode v = labels.get(r.key);
            String value = v == null || v.isNull() ? null : v.asText();
            boolean ok = switch (r.op) {
                case EQUALS, IN -> value != null && r.values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !r.values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    private record Requirement(String key, Op op, Set<String> values) {
    }
}
