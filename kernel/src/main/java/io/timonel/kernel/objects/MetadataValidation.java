package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of {@code metadata} that hold for every resource type (ObjectMeta validation). */
final class MetadataValidation {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

    private MetadataValidation() {
    }

    static List<FieldViolation> validate(ResourceType type, JsonNode object) {
        List<FieldViolation> out = new ArrayList<>();
        JsonNode meta = object.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            out.add(FieldViolation.required("metadata.name"));
        } else if (type.kind().equals("Namespace")) {
            if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
                out.add(FieldViolation.invalid("metadata.name", name, "a lowercase RFC 1123 label must consist of "
                        + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
                        + "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
            }
        } else if (name.contains("/") || name.contains("%") || name.equals(".") || name.equals("..")) {
            out.add(FieldViolation.invalid("metadata.name", name, "may not contain '/' or '%', or be '.' or '..'"));
        } else if (name.length() > 253) {
            out.add(FieldViolation.tooLong("metadata.name", 253));
        }
        labels(meta.path("labels"), "metadata.labels", out);
        JsonNode annotations = meta.path("annotations");
        if (annotations.isObject()) {
            int size = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkKey(e.getKey(), "metadata.annotations", out);
                size += e.getKey().length() + e.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
            }
            if (size > MAX_ANNOTATIONS_BYTES) {
                out.add(FieldViolation.tooLong("metadata.annotations", MAX_ANNOTATIONS_BYTES));
            }
        }
        return out;
    }

    private static void labels(JsonNode labels, String field, List<FieldViolation> out) {
        if (!labels.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkKey(e.getKey(), field, out);
            String value = e.getValue().asText("");
            if (!value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
                out.add(FieldViolation.invalid(field, value, "a valid label must be an empty string or consist of "
                        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                        + "character"));
            }
        }
    }

    private static void checkKey(String key, String field, List<FieldViolation> out) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean ok = name.length() <= 63 && LABEL_NAME.matcher(name).matches()
                && (slash < 0 || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()));
        if (!ok) {
            out.add(FieldViolation.invalid(field, key, "name part must consist of alphanumeric characters, '-', '_' "
                    + "or '.', and must start and end with an alphanumeric character"));
        }
    }
}
