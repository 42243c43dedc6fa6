package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.schema.SchemaDefaulter;
import io.timonel.spi.resource.CellExtractor;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.OpenApiSchema;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns a CustomResourceDefinition (apiextensions.k8s.io/v1) into the resource types it serves. */
public final class CrdTypes {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private CrdTypes() {
    }

    /** One type per served version. */
    public static List<ResourceType> of(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String group = spec.path("group").asText();
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(false)) {
                continue;
            }
            String version = v.path("name").asText();
            String kind = names.path("kind").asText();
            ResourceType.Builder b = ResourceType.builder(group, version, kind, names.path("plural").asText())
                    .singular(names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT)))
                    .listKind(names.path("listKind").asText(kind + "List"));
            if ("Cluster".equals(spec.path("scope").asText())) {
                b.clusterScoped();
            }
            names.path("shortNames").forEach(n -> b.shortNames(n.asText()));
            names.path("categories").forEach(n -> b.categories(n.asText()));
            JsonNode sub = v.path("subresources");
            if (sub.has("status")) {
                b.statusSubresource();
            }
            if (sub.has("scale")) {
                JsonNode s = sub.get("scale");
                b.scale(new ScaleSubresource(s.path("specReplicasPath").asText(".spec.replicas"),
                        s.path("statusReplicasPath").asText(".status.replicas"),
                        s.hasNonNull("labelSelectorPath") ? s.get("labelSelectorPath").asText() : null));
            }
            for (JsonNode c : v.path("additionalPrinterColumns")) {
                b.printerColumn(new PrinterColumn(c.path("name").asText(), c.path("type").asText("string"),
                        c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0),
                        JsonPaths.extractor(c.path("jsonPath").asText())));
            }
            for (JsonNode f : v.path("selectableFields")) {
                String path = f.path("jsonPath").asText();
                CellExtractor value = JsonPaths.extractor(path);
                b.selectableField(path.startsWith(".") ? path.substring(1) : path, value);
            }
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (schema.isObject()) {
                String root = (reverseDomain(group) + "." + version + "." + kind);
                // A new instance for every generation: compiled schemas are cached by identity.
                OpenApiSchema openApi = new OpenApiSchema(root, Map.of(root, schema.deepCopy()));
                b.schema(openApi);
                SchemaDefaulter.of(openApi).ifPresent(b::defaulter);
            }
            b.validator(CrdTypes::validateName);
            types.add(b.build());
        }
        return types;
    }

    /** Custom resources are named as DNS subdomains (Kubernetes' {@code NameIsDNSSubdomain}). */
    static List<FieldViolation> validateName(JsonNode object, JsonNode old) {
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty() || (name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches())) {
            return List.of();
        }
        return List.of(FieldViolation.invalid("metadata.name", name, "a lowercase RFC 1123 subdomain must consist of "
                + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                + "character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }

    /** {@code example.com} → {@code com.example}, as Kubernetes names CRD schemas in OpenAPI. */
    static String reverseDomain(String group) {
        String[] parts = group.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            b.append(parts[i]).append(i > 0 ? "." : "");
        }
        return b.toString();
    }
}
