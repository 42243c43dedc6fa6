package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code default} values of a structural schema (a CustomResourceDefinition version's),
 * applied as Kubernetes does: a property that is missing, or {@code null} without
 * {@code nullable}, gets a copy of its default; then defaulting continues into every property,
 * additional property and array item, so defaults inside a defaulted {@code {}} apply too.
 * {@code metadata} of the resource is left alone.
 *
 * <p>Used on writes (as the type's {@link ObjectDefaulter}, before validation) and on reads
 * ({@link #onRead}), so that objects stored before a default was added are served with it.
 * Immutable and thread-safe.
 */
public final class SchemaDefaulter implements ObjectDefaulter {
    private final SchemaNode root;

    private SchemaDefaulter(SchemaNode root) {
        this.root = root;
    }

    /** A defaulter for the schema, or empty when the schema declares no defaults (nothing to do). */
    public static Optional<SchemaDefaulter> of(OpenApiSchema schema) {
        if (schema == null || schema.rootSchema() == null) {
            return Optional.empty();
        }
        SchemaNode root = SchemaCompiler.compile(schema);
        return root.defaultsBelow ? Optional.of(new SchemaDefaulter(root)) : Optional.empty();
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        walk(object, root, true, true);
    }

    /**
     * The object as it should be served: {@code stored} itself when no default is missing (the
     * common case, no copy), otherwise a defaulted copy. {@code stored} is never modified.
     */
    public ObjectNode onRead(ObjectNode stored) {
        if (!walk(stored, root, true, false)) {
            return stored;
        }
        ObjectNode copy = stored.deepCopy();
        applyDefaults(copy);
        return copy;
    }

    /**
     * Defaults below {@code value}; with {@code write} false only answers whether anything
     * would change. Returns whether something was (or would be) set.
     */
    private static boolean walk(JsonNode value, SchemaNode n, boolean resource, boolean write) {
        if (n == null || !n.defaultsBelow) {
            return false;
        }
        boolean changed = false;
        if (value instanceof ObjectNode o) {
            if (n.properties != null) {
                for (Map.Entry<String, SchemaNode> e : n.properties.entrySet()) {
                    String name = e.getKey();
                    SchemaNode p = e.getValue();
                    if (resource && name.equals("metadata")) {
                        continue;
                    }
                    JsonNode child = o.get(name);
                    boolean missing = child == null || (child.isNull() && !p.nullable);
                    if (missing && p.defaultValue != null && !p.defaultValue.isNull()) {
                        if (!write) {
                            return true;
                        }
                        child = p.defaultValue.deepCopy();
                        o.set(name, child);
                        changed = true;
                    }
                    if (child != null) {
                        changed |= walk(child, p, p.embeddedResource, write);
                        if (changed && !write) {
                            return true;
                        }
                    }
                }
            }
            if (n.additionalProperties != null) {
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    if (n.properties != null && n.properties.containsKey(e.getKey())) {
                        continue;
                    }
                    changed |= walk(e.getValue(), n.additionalProperties, false, write);
                    if (changed && !write) {
                        return true;
                    }
                }
            }
        } else if (value instanceof ArrayNode a && n.items != null) {
            for (JsonNode item : a) {
                changed |= walk(item, n.items, n.items.embeddedResource, write);
                if (changed && !write) {
                    return true;
                }
            }
        }
        return changed;
    }
}
