package io.timonel.kernel.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.openapi.ResourcePaths.Operation;
import io.timonel.kernel.openapi.ResourcePaths.Parameter;
import io.timonel.kernel.openapi.ResourcePaths.PathItem;
import io.timonel.spi.resource.GroupVersionKind;
import io.timonel.spi.resource.OpenApiSchema;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds the OpenAPI 3.0 document of one group-version, as served at
 * {@code /openapi/v3/apis/GROUP/VERSION}: the REST paths of its types and every component they
 * use, plus the shared {@link MetaV1Schemas}. The types' schemas are copied, never modified.
 *
 * <p>Each kind's component gets {@code x-kubernetes-group-version-kind} if it lacks it (kubectl
 * explain finds kinds by it), {@code apiVersion} and {@code kind} properties, and a
 * {@code metadata} property referring to ObjectMeta when the schema does not, as Kubernetes
 * publishes CustomResourceDefinitions. A list component ({@code ...DeploymentList}) is added for
 * every kind. References to components nobody provided are given an open placeholder, so that
 * every {@code $ref} in the document resolves.
 */
final class GroupVersionSpec {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String GVK = "x-kubernetes-group-version-kind";

    private static final String API_VERSION_DESCRIPTION = "APIVersion defines the versioned schema of this"
            + " representation of an object. Servers should convert recognized schemas to the latest internal value,"
            + " and may reject unrecognized values. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String KIND_DESCRIPTION = "Kind is a string value representing the REST resource this"
            + " object represents. Servers may infer this from the endpoint the client submits requests to. Cannot"
            + " be updated. In CamelCase. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String METADATA_DESCRIPTION = "Standard object's metadata. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    private static final String LIST_METADATA_DESCRIPTION = "Standard list metadata. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private GroupVersionSpec() {
    }

    /** The key of a group-version in {@code /openapi/v3}: {@code api/v1} or {@code apis/GROUP/VERSION}. */
    static String pathKey(String group, String version) {
        return ResourcePaths.prefix(group, version).substring(1);
    }

    /**
     * Builds the document.
     *
     * @param types       the types of this group-version
     * @param strategic   which types accept strategic merge patches
     * @param infoVersion the {@code info.version} to publish
     */
    static ObjectNode build(List<ResourceType> types, Predicate<ResourceType> strategic, String infoVersion) {
        Map<String, JsonNode> components = new TreeMap<>();
        List<PathItem> paths = new ArrayList<>();
        List<ResourceType> sorted = new ArrayList<>(types);
        sorted.sort(Comparator.comparing(ResourceType::kind));
        for (ResourceType type : sorted) {
            String root = addType(type, components);
            String list = addList(type, root, components);
            paths.addAll(ResourcePaths.of(type, root, list, strategic.test(type)));
        }
        MetaV1Schemas.components().forEach((name, schema) -> components.putIfAbsent(name, schema.deepCopy()));
        closeReferences(components);

        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", infoVersion);
        ObjectNode pathsNode = doc.putObject("paths");
        paths.sort(Comparator.comparing(PathItem::path));
        for (PathItem item : paths) {
            pathsNode.set(item.path(), pathItem(item));
        }
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        components.forEach(schemas::set);
        return doc;
    }

    /** Copies the type's components and returns the name of its kind's component. */
    private static String addType(ResourceType type, Map<String, JsonNode> components) {
        OpenApiSchema schema = type.schema();
        String root;
        ObjectNode rootSchema;
        if (schema == null || schema.rootSchema() == null) {
            root = defaultName(type.gvk());
            rootSchema = JSON.objectNode();
            rootSchema.put("type", "object");
            rootSchema.put("x-kubernetes-preserve-unknown-fields", true);
        } else {
            root = schema.root();
            for (Map.Entry<String, JsonNode> e : schema.components().entrySet()) {
                if (!e.getKey().equals(root)) {
                    components.putIfAbsent(e.getKey(), normalizeRefs(e.getValue().deepCopy()));
                }
            }
            JsonNode given = normalizeRefs(schema.rootSchema().deepCopy());
            rootSchema = given.isObject() ? (ObjectNode) given : JSON.objectNode();
        }
        completeKind(rootSchema, type);
        components.put(root, rootSchema);
        return root;
    }

    /** What Kubernetes publishes for every kind, whatever its schema said. */
    private static void completeKind(ObjectNode schema, ResourceType type) {
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        ObjectNode properties = schema.has("properties") && schema.get("properties").isObject()
                ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        if (!properties.has("apiVersion")) {
            properties.putObject("apiVersion").put("description", API_VERSION_DESCRIPTION).put("type", "string");
        }
        if (!properties.has("kind")) {
            properties.putObject("kind").put("description", KIND_DESCRIPTION).put("type", "string");
        }
        if (!refersTo(properties.get("metadata"), MetaV1Schemas.OBJECT_META)) {
            properties.set("metadata", refProperty(MetaV1Schemas.OBJECT_META, METADATA_DESCRIPTION));
        }
        addGvk(schema, type.gvk());
    }

    private static String addList(ResourceType type, String root, Map<String, JsonNode> components) {
        int dot = root.lastIndexOf('.');
        String name = (dot < 0 ? "" : root.substring(0, dot + 1)) + type.listKind();
        GroupVersionKind listGvk = new GroupVersionKind(type.group(), type.version(), type.listKind());
        JsonNode existing = components.get(name);
        if (existing instanceof ObjectNode given) {
            addGvk(given, listGvk);
            return name;
        }
        ObjectNode list = JSON.objectNode();
        list.put("description", type.listKind() + " is a list of " + type.kind());
        list.put("type", "object");
        list.putArray("required").add("items");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("apiVersion").put("description", API_VERSION_DESCRIPTION).put("type", "string");
        ObjectNode items = properties.putObject("items");
        items.put("description", "List of " + type.plural() + ".");
        items.put("type", "array");
        items.putObject("items").put("$ref", MetaV1Schemas.REF_PREFIX + root);
        properties.putObject("kind").put("description", KIND_DESCRIPTION).put("type", "string");
        properties.set("metadata", refProperty(MetaV1Schemas.LIST_META, LIST_METADATA_DESCRIPTION));
        addGvk(list, listGvk);
        components.put(name, list);
        return name;
    }

    /** Adds the GVK to the schema's {@code x-kubernetes-group-version-kind} list unless present. */
    static void addGvk(ObjectNode schema, GroupVersionKind gvk) {
        JsonNode existing = schema.get(GVK);
        ArrayNode list = existing instanceof ArrayNode a ? a : JSON.arrayNode();
        if (existing instanceof ObjectNode single) {
            list.add(single);
        }
        for (JsonNode entry : list) {
            if (gvk.group().equals(entry.path("group").asText()) && gvk.version().equals(entry.path("version").asText())
                    && gvk.kind().equals(entry.path("kind").asText())) {
                schema.set(GVK, list);
                return;
            }
        }
        list.add(gvkNode(gvk));
        schema.set(GVK, list);
    }

    static ObjectNode gvkNode(GroupVersionKind gvk) {
        ObjectNode node = JSON.objectNode();
        node.put("group", gvk.group());
        node.put("kind", gvk.kind());
        node.put("version", gvk.version());
        return node;
    }

    private static ObjectNode refProperty(String component, String description) {
        ObjectNode property = JSON.objectNode();
        property.putArray("allOf").addObject().put("$ref", MetaV1Schemas.REF_PREFIX + component);
        property.putObject("default");
        property.put("description", description);
        return property;
    }

    private static boolean refersTo(JsonNode schema, String component) {
        if (schema == null) {
            return false;
        }
        if (schema.path("$ref").asText().equals(MetaV1Schemas.REF_PREFIX + component)) {
            return true;
        }
        for (JsonNode sub : schema.path("allOf")) {
            if (refersTo(sub, component)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The component name Kubernetes gives a CustomResourceDefinition's kind: the group reversed,
     * then version and kind ({@code com.example.v1.Widget}).
     */
    static String defaultName(GroupVersionKind gvk) {
        if (gvk.group().isEmpty()) {
            return "io.k8s.api.core." + gvk.version() + "." + gvk.kind();
        }
        String[] parts = gvk.group().split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            b.append(parts[i]).append('.');
        }
        return b.append(gvk.version()).append('.').append(gvk.kind()).toString();
    }

    /** Rewrites Swagger-style {@code #/definitions/X} references to {@code #/components/schemas/X}. */
    private static JsonNode normalizeRefs(JsonNode schema) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(schema);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node instanceof ObjectNode object) {
                JsonNode ref = object.get("$ref");
                if (ref != null && ref.isTextual() && ref.asText().startsWith("#/definitions/")) {
                    object.put("$ref", MetaV1Schemas.REF_PREFIX + ref.asText().substring("#/definitions/".length()));
                }
            }
            node.forEach(pending::push);
        }
        return schema;
    }

    /** Adds an open placeholder for every referenced component that is missing. */
    private static void closeReferences(Map<String, JsonNode> components) {
        Set<String> missing = new HashSet<>();
        for (JsonNode schema : components.values()) {
            collectRefs(schema, components, missing);
        }
        for (String name : missing) {
            ObjectNode placeholder = JSON.objectNode();
            placeholder.put("description", name + " is not published by this server.");
            placeholder.put("x-kubernetes-preserve-unknown-fields", true);
            components.put(name, placeholder);
        }
    }

    private static void collectRefs(JsonNode schema, Map<String, JsonNode> components, Set<String> missing) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(schema);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(MetaV1Schemas.REF_PREFIX)) {
                String name = ref.asText().substring(MetaV1Schemas.REF_PREFIX.length());
                if (!components.containsKey(name)) {
                    missing.add(name);
                }
            }
            if (node.isContainerNode()) {
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    pending.push(it.next());
                }
            }
        }
    }

    private static ObjectNode pathItem(PathItem item) {
        ObjectNode node = JSON.objectNode();
        for (Operation op : item.operations()) {
            node.set(op.method(), operation(op));
        }
        ArrayNode params = node.putArray("parameters");
        item.parameters().forEach(p -> params.add(parameter(p)));
        return node;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode node = JSON.objectNode();
        node.put("description", op.description());
        node.put("operationId", op.operationId());
        node.putArray("tags").add(tag(op.gvk()));
        if (!op.parameters().isEmpty()) {
            ArrayNode params = node.putArray("parameters");
            op.parameters().forEach(p -> params.add(parameter(p)));
        }
        if (op.requestSchema() != null) {
            ObjectNode body = node.putObject("requestBody");
            ObjectNode content = body.putObject("content");
            for (String type : op.requestTypes()) {
                content.putObject(type).putObject("schema").put("$ref", MetaV1Schemas.REF_PREFIX + op.requestSchema());
            }
            body.put("required", !"delete".equals(op.method()));
        }
        ObjectNode responses = node.putObject("responses");
        for (String code : op.responseCodes()) {
            ObjectNode response = responses.putObject(code);
            response.put("description", describe(code));
            ObjectNode content = response.putObject("content");
            for (String type : ResourcePaths.RESPONSE_TYPES) {
                content.putObject(type).putObject("schema").put("$ref",
                        MetaV1Schemas.REF_PREFIX + op.responseSchema());
            }
        }
        responses.putObject("401").put("description", "Unauthorized");
        node.put("x-kubernetes-action", op.action());
        node.set("x-kubernetes-group-version-kind", gvkNode(op.gvk()));
        return node;
    }

    private static ObjectNode parameter(Parameter p) {
        ObjectNode node = JSON.objectNode();
        node.put("name", p.name());
        node.put("in", p.in());
        node.put("description", p.description());
        if (p.required()) {
            node.put("required", true);
        }
        ObjectNode schema = node.putObject("schema");
        schema.put("type", p.type());
        schema.put("uniqueItems", true);
        return node;
    }

    static String tag(GroupVersionKind gvk) {
        return (gvk.group().isEmpty() ? "core" : gvk.group()) + "_" + gvk.version();
    }

    static String describe(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            default -> "Unauthorized";
        };
    }
}
