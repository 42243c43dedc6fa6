package io.timonel.plugins.coreapi.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import io.timonel.spi.resource.GroupVersionKind;
import io.timonel.spi.resource.OpenApiSchema;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Arrays;

/**
 * Derives OpenAPI v3 schemas from the official Kubernetes Java client's model classes: JSON names
 * from {@code @SerializedName}, descriptions and {@code required} from the swagger annotations,
 * types from the fields' Java types, and merge semantics from {@link PatchMetadata}.
 *
 * <p>Components are generated once per model class and shared between the schemas of all kinds
 * that reach them; callers must treat them as read-only. Not thread-safe while schemas are being
 * built (the provider builds them once, on the start-up thread); the finished schemas are.
 */
public final class ModelSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MODELS_PACKAGE = "io.kubernetes.client.openapi.models";
    private static final String REF_PREFIX = "#/components/schemas/";

    private final Set<Class<?>> coreClasses;
    private final Map<Class<?>, String> names = new HashMap<>();
    private final Map<String, ObjectNode> components = new HashMap<>();
    private final Map<String, Set<String>> references = new HashMap<>();

    /**
     * @param coreKinds model classes of the core/v1 kinds; every non-meta class they reach is
     *                  named in {@code io.k8s.api.core.v1}
     */
    public ModelSchemas(Collection<Class<?>> coreKinds) {
        Set<Class<?>> reached = new HashSet<>();
        coreKinds.forEach(kind -> collectModels(kind, reached));
        reached.removeIf(ComponentNames::isMeta);
        this.coreClasses = Set.copyOf(reached);
    }

    /**
     * The self-contained schema of a kind: its component, marked with
     * {@code x-kubernetes-group-version-kind}, and every component it reaches.
     */
    public OpenApiSchema schemaOf(Class<?> kind, GroupVersionKind gvk) {
        String root = component(kind, gvk.group());
        ObjectNode gvkNode = JSON.objectNode()
                .put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
        components.get(root).putArray("x-kubernetes-group-version-kind").add(gvkNode);

        Map<String, JsonNode> closure = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (closure.putIfAbsent(name, components.get(name)) == null) {
                pending.addAll(references.getOrDefault(name, Set.of()));
            }
        }
        return new OpenApiSchema(root, closure);
    }

    /** The definition name given to a model class (after it was reached by {@link #schemaOf}). */
    public String nameOf(Class<?> model) {
        return names.get(model);
    }

    private String component(Class<?> model, String kindGroup) {
        String existing = names.get(model);
        if (existing != null) {
            return existing;
        }
        String name = ComponentNames.of(model, coreClasses.contains(model), kindGroup);
        names.put(model, name);
        ObjectNode schema = JSON.objectNode();
        components.put(name, schema); // before the fields: models may refer to themselves
        Set<String> refs = new LinkedHashSet<>();
        references.put(name, refs);

        ApiModel about = model.getAnnotation(ApiModel.class);
        if (about != null && !about.description().isEmpty()) {
            schema.put("description", about.description());
        }
        schema.put("type", "object");
        Map<String, Method> getters = getters(model);
        ObjectNode properties = schema.putObject("properties");
        Set<String> required = new LinkedHashSet<>();
        for (Field field : model.getDeclaredFields()) {
            SerializedName json = field.getAnnotation(SerializedName.class);
            if (Modifier.isStatic(field.getModifiers()) || json == null) {
                continue;
            }
            ObjectNode property = typeSchema(field.getGenericType(), kindGroup, refs);
            ApiModelProperty doc = documentation(getters, field);
            String description = doc == null ? "" : doc.value();
            if (description.isEmpty() && property.has("$ref")) {
                // The generator drops the descriptions of object-typed fields; the type's own stands in.
                description = components.get(refName(property)).path("description").asText("");
            }
            if (!description.isEmpty()) {
                property = describe(property, description);
            }
            if (doc != null && doc.required()) {
                required.add(json.value());
            }
            ListSemantics semantics = PatchMetadata.of(name, json.value());
            if (semantics != null) {
                semantics.writeTo(property);
            }
            String keyDefault = PatchMetadata.defaultOf(name, json.value());
            if (keyDefault != null) {
                property.put("default", keyDefault);
            }
            properties.set(json.value(), property);
        }
        if (!required.isEmpty()) {
            required.forEach(schema.putArray("required")::add);
        }
        if (PatchMetadata.isAtomicStruct(name)) {
            schema.put("x-kubernetes-map-type", "atomic");
        }
        return name;
    }

    private ObjectNode typeSchema(Type type, String kindGroup, Set<String> refs) {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] args = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", typeSchema(args[0], kindGroup, refs));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.set("additionalProperties", typeSchema(args[1], kindGroup, refs));
                return map;
            }
            throw new IllegalArgumentException("unsupported generic type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (c == Integer.class || c == int.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (c == Double.class || c == double.class) {
            return JSON.objectNode().put("type", "number").put("format", "double");
        }
        if (c == Float.class || c == float.class) {
            return JSON.objectNode().put("type", "number").put("format", "float");
        }
        if (c == BigDecimal.class) {
            return JSON.objectNode().put("type", "number");
        }
        if (c == OffsetDateTime.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == byte[].class) {
            return JSON.objectNode().put("type", "string").put("format", "byte");
        }
        if (c == IntOrString.class || c == Quantity.class) {
            // Both are written as a string or a number on the wire.
            return JSON.objectNode().put("x-kubernetes-int-or-string", true);
        }
        if (c == Object.class) {
            // runtime.RawExtension, JSON: any value.
            return JSON.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
        }
        if (isModel(c)) {
            String name = component(c, kindGroup);
            refs.add(name);
            return JSON.objectNode().put("$ref", REF_PREFIX + name);
        }
        throw new IllegalArgumentException("unsupported field type " + c.getName());
    }

    private static String refName(ObjectNode reference) {
        return reference.get("$ref").asText().substring(REF_PREFIX.length());
    }

    /** Kubernetes' form for a described reference: a one-element allOf beside the description. */
    private static ObjectNode describe(ObjectNode property, String description) {
        if (property.has("$ref")) {
            ObjectNode wrapper = JSON.objectNode();
            wrapper.putArray("allOf").add(property);
            wrapper.put("description", description);
            return wrapper;
        }
        return property.put("description", description);
    }

    private static Map<String, Method> getters(Class<?> model) {
        Map<String, Method> byName = new HashMap<>();
        for (Method method : model.getDeclaredMethods()) {
            if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())) {
                byName.put(method.getName().toLowerCase(Locale.ROOT), method);
            }
        }
        return byName;
    }

    private static ApiModelProperty documentation(Map<String, Method> getters, Field field) {
        String bare = field.getName().startsWith("_") ? field.getName().substring(1) : field.getName();
        for (String candidate : new String[] {"get" + bare, "is" + bare}) {
            Method getter = getters.get(candidate.toLowerCase(Locale.ROOT));
            if (getter != null && getter.isAnnotationPresent(ApiModelProperty.class)) {
                return getter.getAnnotation(ApiModelProperty.class);
            }
        }
        return null;
    }

    private static boolean isModel(Class<?> c) {
        return c.getPackageName().equals(MODELS_PACKAGE);
    }

    /** Every model class reachable from {@code model} through its fields, itself included. */
    private static void collectModels(Class<?> model, Set<Class<?>> into) {
        if (!into.add(model)) {
            return;
        }
        for (Field field : model.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                modelsIn(field.getGenericType()).forEach(c -> collectModels(c, into));
            }
        }
    }

    private static List<Class<?>> modelsIn(Type type) {
        if (type instanceof ParameterizedType generic) {
            return Arrays.stream(generic.getActualTypeArguments())
                    .flatMap(t -> modelsIn(t).stream()).toList();
        }
        return type instanceof Class<?> c && isModel(c) ? List.of(c) : List.of();
    }
}
