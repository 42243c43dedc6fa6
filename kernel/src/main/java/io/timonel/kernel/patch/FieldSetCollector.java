package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Computes the field set of a value: what an applier of that value comes to own. */
final class FieldSetCollector {
    private FieldSetCollector() {
    }

    static FieldSet collect(JsonNode value, SchemaNode type) {
        FieldSet.Builder out = new FieldSet.Builder();
        if (value != null) {
            walk(value, type, FieldPath.root(), out);
        }
        return out.build();
    }

    private static void walk(JsonNode value, SchemaNode type, FieldPath path, FieldSet.Builder out) {
        if (value.isObject()) {
            if (type.isAtomicMap()) {
                out.add(path);
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                FieldPath child = path.field(e.getKey());
                JsonNode v = e.getValue();
                walk(v, type.property(e.getKey()), child, out);
                // Struct fields are implied by their children; map entries, empty objects and
                // nulls are owned in their own right.
                if (v.isNull() || (v.isObject() && v.isEmpty()) || !type.declares(e.getKey())) {
                    out.add(child);
                }
            }
        } else if (value.isArray()) {
            if (type.listKind() == SchemaNode.ListKind.ATOMIC) {
                out.add(path);
                return;
            }
            SchemaNode itemType = type.items();
            for (int i = 0; i < value.size(); i++) {
                FieldPath item = path.child(type.elementOf(value.get(i), i));
                walk(value.get(i), itemType, item, out);
                out.add(item);
            }
        } else {
            out.add(path);
        }
    }
}
