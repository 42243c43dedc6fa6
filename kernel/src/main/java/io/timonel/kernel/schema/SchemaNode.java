package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One compiled schema: references already followed, keywords parsed once. Nodes form a graph
 * (components may be recursive) and are immutable once {@link SchemaCompiler} has filled them.
 * A {@code null} or empty field means the keyword is absent.
 */
final class SchemaNode {
    /** {@code object}, {@code array}, {@code string}, {@code integer}, {@code number}, {@code boolean}; null: any. */
    String type;
    boolean nullable;
    /** An integer or a string ({@code x-kubernetes-int-or-string}, {@code format: int-or-string}). */
    boolean intOrString;
    /** A number or a string, as resource quantities are read. */
    boolean numberOrString;
    boolean preserveUnknownFields;
    boolean embeddedResource;
    /** Compiled from the ObjectMeta component: the schema of a resource's {@code metadata}. */
    boolean objectMeta;
    /** Declared properties, or null when the schema has none. */
    Map<String, SchemaNode> properties;
    /** {@code additionalProperties} given as a schema. */
    SchemaNode additionalProperties;
    /** {@code additionalProperties: true}. */
    boolean additionalPropertiesAllowed;
    /** {@code additionalProperties: false}. */
    boolean additionalPropertiesForbidden;
    SchemaNode items;
    List<SchemaNode> allOf = List.of();
    List<SchemaNode> anyOf = List.of();
    List<SchemaNode> oneOf = List.of();
    SchemaNode not;
    List<String> required = List.of();
    List<JsonNode> enumValues;
    Pattern pattern;
    String patternSource;
    BigDecimal minimum;
    BigDecimal maximum;
    boolean exclusiveMinimum;
    boolean exclusiveMaximum;
    BigDecimal multipleOf;
    Long minLength;
    Long maxLength;
    Long minItems;
    Long maxItems;
    Long minProperties;
    Long maxProperties;
    boolean uniqueItems;
    String format;
    /** {@code x-kubernetes-list-type}: atomic, set or map. */
    String listType;
    List<String> listMapKeys = List.of();
    /** {@code default}: the value a missing field gets (CRD structural defaulting), or null. */
    JsonNode defaultValue;
    /** Whether a property, item or additional property below declares a default; filled after compilation. */
    boolean defaultsBelow;
    /** Property names declared here or in {@code allOf} branches; filled after compilation. */
    Set<String> knownProperties = Set.of();

    /**
     * Whether any field is accepted under this object: unknown fields are preserved, or the
     * schema says nothing about its fields (no properties, no additionalProperties), as Kubernetes'
     * own schemas do for free-form objects such as {@code FieldsV1} and {@code RawExtension}.
     */
    boolean openObject() {
        return preserveUnknownFields || additionalPropertiesAllowed
                || (properties == null && additionalProperties == null && !additionalPropertiesForbidden
                    && allOfWithoutProperties());
    }

    private boolean allOfWithoutProperties() {
        for (SchemaNode branch : allOf) {
            if (branch.properties != null || branch.additionalProperties != null) {
                return false;
            }
        }
        return true;
    }
}
