package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.schema.StructuralSchema;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kernel's half of CustomResourceDefinition validation: what only the component that serves
 * CRDs knows, added to whatever validator the plugin describing the CRD type has (names, group,
 * storage version, required schemas). It checks the name formats Kubernetes requires, that each
 * version's schema is structural with sound defaults ({@link StructuralSchema}), subresource
 * paths, printer columns and selectable fields. Pure and thread-safe.
 */
public final class CrdValidation implements ObjectValidator {
    static final String GROUP = "apiextensions.k8s.io";
    static final String PLURAL = "customresourcedefinitions";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final List<String> COLUMN_TYPES = List.of("integer", "number", "string", "boolean", "date");
    private static final int MAX_SELECTABLE_FIELDS = 8;

    /**
     * The type with this validation added when it is apiextensions.k8s.io's
     * {@code customresourcedefinitions}; any other type unchanged. The kernel passes every type
     * plugins register through here.
     */
    public static ResourceType attach(ResourceType type) {
        if (!GROUP.equals(type.group()) || !PLURAL.equals(type.plural())) {
            return type;
        }
        ObjectValidator plugin = type.validator();
        ObjectValidator kernel = new CrdValidation();
        ResourceType.Builder b = ResourceType.builder(type.group(), type.version(), type.kind(), type.plural())
                .singular(type.singular()).listKind(type.listKind())
                .shortNames(type.shortNames()).categories(type.categories())
                .scale(type.scale()).schema(type.schema())
                .defaulter(type.defaulter())
                .validator((object, old) -> {
                    List<FieldViolation> all = new ArrayList<>(plugin.validate(object, old));
                    all.addAll(kernel.validate(object, old));
                    return all;
                })
                .verbs(type.verbs().toArray(String[]::new));
        if (!type.namespaced()) {
            b.clusterScoped();
        }
        if (type.statusSubresource()) {
            b.statusSubresource();
        }
        type.printerColumns().forEach(b::printerColumn);
        type.selectableFields().forEach(b::selectableField);
        return b.build();
    }

    @Override
    public List<FieldViolation> validate(JsonNode crd, JsonNode old) {
        List<FieldViolation> out = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        names(spec.path("names"), out);
        JsonNode versions = spec.path("versions");
        for (int i = 0; i < versions.size(); i++) {
            version(versions.get(i), "spec.versions[" + i + "]", out);
        }
        storedVersions(crd, out);
        String strategy = spec.path("conversion").path("strategy").asText("None");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            out.add(FieldViolation.notSupported("spec.conversion.strategy", strategy, List.of("None", "Webhook")));
        }
        return out;
    }

    /** A version objects may still be stored in cannot leave {@code spec.versions}. */
    private static void storedVersions(JsonNode crd, List<FieldViolation> out) {
        Set<String> versions = new HashSet<>();
        crd.path("spec").path("versions").forEach(v -> versions.add(v.path("name").asText()));
        JsonNode stored = crd.path("status").path("storedVersions");
        for (int i = 0; i < stored.size(); i++) {
            if (!versions.contains(stored.get(i).asText())) {
                out.add(FieldViolation.invalid("status.storedVersions[" + i + "]", stored.get(i).asText(),
                        "must appear in spec.versions"));
            }
        }
    }

    private static void names(JsonNode names, List<FieldViolation> out) {
        label(names, "singular", "spec.names.singular", out);
        String kind = names.path("kind").asText("");
        if (!kind.isEmpty() && !KIND.matcher(kind).matches()) {
            out.add(FieldViolation.invalid("spec.names.kind", kind, "may have mixed case, but should otherwise match: "
                    + "[a-z]([-a-z0-9]*[a-z0-9])?"));
        }
        String listKind = names.path("listKind").asText("");
        if (!listKind.isEmpty()) {
            if (!KIND.matcher(listKind).matches()) {
                out.add(FieldViolation.invalid("spec.names.listKind", listKind, "may have mixed case, but should "
                        + "otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"));
            }
            if (listKind.equals(kind)) {
                out.add(FieldViolation.invalid("spec.names.listKind", listKind, "kind and listKind may not be the same"));
            }
        }
        Set<String> seen = new HashSet<>();
        JsonNode shortNames = names.path("shortNames");
        for (int i = 0; i < shortNames.size(); i++) {
            String s = shortNames.get(i).asText();
            if (!DNS_LABEL.matcher(s).matches() || s.length() > 63) {
                out.add(FieldViolation.invalid("spec.names.shortNames[" + i + "]", s, lowercaseLabel()));
            } else if (!seen.add(s)) {
                out.add(FieldViolation.duplicate("spec.names.shortNames[" + i + "]", s));
            }
        }
        JsonNode categories = names.path("categories");
        for (int i = 0; i < categories.size(); i++) {
            String c = categories.get(i).asText();
            if (!DNS_LABEL.matcher(c).matches() || c.length() > 63) {
                out.add(FieldViolation.invalid("spec.names.categories[" + i + "]", c, lowercaseLabel()));
            }
        }
    }

    private static void label(JsonNode names, String field, String path, List<FieldViolation> out) {
        String value = names.path(field).asText("");
        if (!value.isEmpty() && (!DNS_LABEL.matcher(value).matches() || value.length() > 63)) {
            out.add(FieldViolation.invalid(path, value, lowercaseLabel()));
        }
    }

    private static String lowercaseLabel() {
        return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    }

    private static void version(JsonNode v, String path, List<FieldViolation> out) {
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        if (schema.isObject()) {
            out.addAll(StructuralSchema.validate(schema, path + ".schema.openAPIV3Schema"));
        }
        JsonNode scale = v.path("subresources").path("scale");
        if (scale.isObject()) {
            String spec = scale.path("specReplicasPath").asText("");
            if (spec.isEmpty()) {
                out.add(FieldViolation.required(path + ".subresources.scale.specReplicasPath"));
            } else if (!spec.startsWith(".spec.")) {
                out.add(FieldViolation.invalid(path + ".subresources.scale.specReplicasPath", spec,
                        "should be a json path under .spec"));
            }
            String status = scale.path("statusReplicasPath").asText("");
            if (status.isEmpty()) {
                out.add(FieldViolation.required(path + ".subresources.scale.statusReplicasPath"));
            } else if (!status.startsWith(".status.")) {
                out.add(FieldViolation.invalid(path + ".subresources.scale.statusReplicasPath", status,
                        "should be a json path under .status"));
            }
            String selector = scale.path("labelSelectorPath").asText("");
            if (!selector.isEmpty() && !selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
                out.add(FieldViolation.invalid(path + ".subresources.scale.labelSelectorPath", selector,
                        "should be a json path under either .spec or .status"));
            }
        }
        JsonNode columns = v.path("additionalPrinterColumns");
        for (int i = 0; i < columns.size(); i++) {
            JsonNode c = columns.get(i);
            String at = path + ".additionalPrinterColumns[" + i + "]";
            if (c.path("name").asText("").isEmpty()) {
                out.add(FieldViolation.required(at + ".name"));
            }
            String type = c.path("type").asText("");
            if (type.isEmpty()) {
                out.add(FieldViolation.required(at + ".type"));
            } else if (!COLUMN_TYPES.contains(type)) {
                out.add(FieldViolation.notSupported(at + ".type", type, COLUMN_TYPES));
            }
            if (c.path("jsonPath").asText("").isEmpty()) {
                out.add(FieldViolation.required(at + ".jsonPath"));
            }
            if (c.path("priority").asInt(0) < 0) {
                out.add(FieldViolation.invalid(at + ".priority", c.path("priority").asInt(), "must be non-negative"));
            }
        }
        JsonNode selectable = v.path("selectableFields");
        if (selectable.size() > MAX_SELECTABLE_FIELDS) {
            out.add(new FieldViolation(FieldViolation.Type.TOO_MANY, path + ".selectableFields",
                    "Too many: " + selectable.size() + ": must have at most " + MAX_SELECTABLE_FIELDS + " items"));
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < selectable.size(); i++) {
            String at = path + ".selectableFields[" + i + "].jsonPath";
            String jsonPath = selectable.get(i).path("jsonPath").asText("");
            if (jsonPath.isEmpty()) {
                out.add(FieldViolation.required(at));
                continue;
            }
            if (!paths.add(jsonPath)) {
                out.add(FieldViolation.duplicate(at, jsonPath));
                continue;
            }
            JsonNode field = fieldSchema(schema, jsonPath);
            if (field == null) {
                out.add(FieldViolation.invalid(at, jsonPath, "is an invalid path: does not refer to a field in the schema"));
            } else if (!List.of("string", "integer", "boolean").contains(field.path("type").asText(""))) {
                out.add(FieldViolation.invalid(at, jsonPath, "selectable fields must be of type string, integer or "
                        + "boolean"));
            }
        }
    }

    /** The schema of the field at a simple path such as {@code .spec.color}, or null. */
    private static JsonNode fieldSchema(JsonNode schema, String jsonPath) {
        JsonNode node = schema;
        for (String part : jsonPath.replaceFirst("^\\.", "").split("\\.")) {
            node = node.path("properties").get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }
}
