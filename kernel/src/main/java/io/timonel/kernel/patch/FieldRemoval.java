package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Removing owned fields from an object, as server-side apply prunes what an applier dropped. */
final class FieldRemoval {
    private FieldRemoval() {
    }

    /**
     * {@code value} without the members of {@code toRemove} (each removed with everything below
     * it). Atomic values are removed whole or not at all. {@code value} is not modified.
     */
    static JsonNode remove(JsonNode value, FieldSet toRemove, SchemaNode type) {
        if (value == null || toRemove.isEmpty()) {
            return value;
        }
        if (value.isObject()) {
            if (type.isAtomicMap()) {
                return value;
            }
            ObjectNode out = Json.object();
            value.fields().forEachRemaining(e -> {
                PathElement pe = new PathElement.Field(e.getKey());
                if (!toRemove.hasMember(pe)) {
                    out.set(e.getKey(), remove(e.getValue(), toRemove.under(pe), type.property(e.getKey())));
                }
            });
            return out;
        }
        if (value.isArray()) {
            if (type.listKind() == SchemaNode.ListKind.ATOMIC) {
                return value;
            }
            ArrayNode out = Json.array();
            SchemaNode itemType = type.items();
            for (int i = 0; i < value.size(); i++) {
                PathElement pe = type.elementOf(value.get(i), i);
                if (!toRemove.hasMember(pe)) {
                    out.add(remove(value.get(i), toRemove.under(pe), itemType));
                }
            }
            return out;
        }
        return value;
    }

    /**
     * {@code set} with every declared struct field that has members below it made a member
     * itself, so that pruning keeps (or drops) a struct field together with its content; map
     * entries and list items are not promoted.
     */
    static FieldSet withNamedFieldsAsMembers(FieldSet set, SchemaNode type) {
        FieldSet out = set;
        List<PathElement> elements = new ArrayList<>(set.childElements());
        for (PathElement pe : elements) {
            SchemaNode childType = pe instanceof PathElement.Field f ? type.property(f.name()) : type.items();
            FieldSet below = set.under(pe);
            if (!below.isEmpty()) {
                out = out.withChildren(pe, withNamedFieldsAsMembers(below, childType));
            }
            if (pe instanceof PathElement.Field f && type.declares(f.name())) {
                out = out.withMember(pe);
            }
        }
        return out;
    }
}
