package io.timonel.kernel.schema;

import static io.timonel.kernel.openapi.SchemaFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDefaulterTest {
    private static final OpenApiSchema WIDGET = new OpenApiSchema("w", Map.of("w", json("""
            {'type': 'object', 'properties': {
              'metadata': {'type': 'object'},
              'spec': {'type': 'object', 'default': {}, 'properties': {
                'replicas': {'type': 'integer', 'default': 1},
                'color': {'type': 'string', 'default': 'blue'},
                'note': {'type': 'string', 'nullable': true, 'default': 'n'},
                'limits': {'type': 'object', 'properties': {'cpu': {'type': 'string', 'default': '1'}}},
                'ports': {'type': 'array', 'items': {'type': 'object', 'properties': {
                  'protocol': {'type': 'string', 'default': 'TCP'}, 'port': {'type': 'integer'}}}},
                'extra': {'type': 'object', 'additionalProperties': {'type': 'object', 'properties': {
                  'on': {'type': 'boolean', 'default': true}}}}}}}}
            """)));

    private static SchemaDefaulter defaulter() {
        return SchemaDefaulter.of(WIDGET).orElseThrow();
    }

    private static ObjectNode widget(String spec) {
        return (ObjectNode) json("{'apiVersion': 'example.com/v1', 'kind': 'Widget', 'metadata': {'name': 'w'}"
                + (spec == null ? "" : ", 'spec': " + spec) + "}");
    }

    @Test
    void missingObjectIsDefaultedAndDefaultsInsideItApply() {
        ObjectNode w = widget(null);
        defaulter().applyDefaults(w);
        assertEquals(json("{'replicas': 1, 'color': 'blue', 'note': 'n'}"), w.get("spec"));
    }

    @Test
    void givenValuesAreKept() {
        ObjectNode w = widget("{'replicas': 3, 'color': 'red', 'note': 'x'}");
        defaulter().applyDefaults(w);
        assertEquals(json("{'replicas': 3, 'color': 'red', 'note': 'x'}"), w.get("spec"));
    }

    @Test
    void nullOfNonNullableFieldGetsDefaultButNullableNullStays() {
        ObjectNode w = widget("{'replicas': null, 'note': null}");
        defaulter().applyDefaults(w);
        assertEquals(1, w.get("spec").get("replicas").asInt());
        assertTrue(w.get("spec").get("note").isNull());
    }

    @Test
    void defaultsApplyInsideArrayItemsAndMapValuesAndPresentObjects() {
        ObjectNode w = widget("{'limits': {}, 'ports': [{'port': 80}, {'port': 53, 'protocol': 'UDP'}],"
                + " 'extra': {'a': {}, 'b': {'on': false}}}");
        defaulter().applyDefaults(w);
        assertEquals("1", w.at("/spec/limits/cpu").asText());
        assertEquals("TCP", w.at("/spec/ports/0/protocol").asText());
        assertEquals("UDP", w.at("/spec/ports/1/protocol").asText());
        assertTrue(w.at("/spec/extra/a/on").asBoolean());
        assertEquals(false, w.at("/spec/extra/b/on").asBoolean());
    }

    @Test
    void defaultingIsIdempotent() {
        ObjectNode once = widget("{'ports': [{'port': 80}]}");
        defaulter().applyDefaults(once);
        ObjectNode twice = once.deepCopy();
        defaulter().applyDefaults(twice);
        assertEquals(once, twice);
    }

    @Test
    void readOfDefaultedObjectReturnsTheSameInstance() {
        ObjectNode stored = widget("{'replicas': 2}");
        defaulter().applyDefaults(stored);
        assertSame(stored, defaulter().onRead(stored));
    }

    @Test
    void readOfObjectStoredBeforeDefaultReturnsDefaultedCopyAndLeavesStoredAlone() {
        ObjectNode stored = widget("{'replicas': 2, 'color': 'red', 'note': 'x'}");
        ObjectNode before = stored.deepCopy();
        ObjectNode served = SchemaDefaulter.of(WIDGET).orElseThrow().onRead(stored);
        assertEquals(before, stored);
        assertEquals(json("{'replicas': 2, 'color': 'red', 'note': 'x'}"), served.get("spec"));
        ObjectNode old = widget("{'replicas': 2}");
        assertEquals("blue", defaulter().onRead(old).at("/spec/color").asText());
        assertEquals(widget("{'replicas': 2}"), old);
    }

    @Test
    void schemaWithoutDefaultsHasNoDefaulter() {
        OpenApiSchema plain = new OpenApiSchema("p", Map.of("p", json(
                "{'type': 'object', 'properties': {'spec': {'type': 'object', 'properties': {'a': {'type': 'string'}}}}}")));
        assertTrue(SchemaDefaulter.of(plain).isEmpty());
    }

    @Test
    void metadataIsNotDefaulted() {
        OpenApiSchema meta = new OpenApiSchema("m", Map.of("m", json("{'type': 'object', 'properties': {"
                + "'metadata': {'type': 'object', 'default': {'name': 'x'}},"
                + "'spec': {'type': 'object', 'properties': {'a': {'type': 'string', 'default': 'a'}}}}}")));
        ObjectNode o = (ObjectNode) json("{'kind': 'M', 'spec': {}}");
        SchemaDefaulter.of(meta).orElseThrow().applyDefaults(o);
        assertEquals(json("{'kind': 'M', 'spec': {'a': 'a'}}"), o);
    }
}
