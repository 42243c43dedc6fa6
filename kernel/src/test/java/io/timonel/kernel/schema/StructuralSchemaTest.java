package io.timonel.kernel.schema;

import static io.timonel.kernel.openapi.SchemaFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.resource.FieldViolation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StructuralSchemaTest {
    private static final String ROOT = "spec.versions[0].schema.openAPIV3Schema";

    private static String withSpec(String spec) {
        return "{'type': 'object', 'properties': {'spec': " + spec + "}}";
    }

    static Stream<Arguments> schemas() {
        return Stream.of(
                Arguments.of("structural", withSpec("{'type': 'object', 'properties': {'replicas': {'type': 'integer',"
                        + " 'minimum': 0, 'default': 1}, 'port': {'x-kubernetes-int-or-string': true,"
                        + " 'anyOf': [{'type': 'integer'}, {'type': 'string'}]}, 'any': {'x-kubernetes-preserve-unknown-fields': true},"
                        + " 'tags': {'type': 'array', 'items': {'type': 'string'}}}}"), List.of()),
                Arguments.of("field without type", withSpec("{'properties': {'a': {'type': 'string'}}}"),
                        List.of(ROOT + ".properties[spec].type: Required value: must not be empty for specified object fields")),
                Arguments.of("root without type", "{'properties': {}}",
                        List.of(ROOT + ".type: Required value: must not be empty at the root")),
                Arguments.of("root not an object", "{'type': 'string'}",
                        List.of(ROOT + ".type: Invalid value: \"string\": must be object at the root")),
                Arguments.of("array items without type", withSpec("{'type': 'array', 'items': {}}"),
                        List.of(ROOT + ".properties[spec].items.type: Required value: must not be empty for specified array items")),
                Arguments.of("array without items", withSpec("{'type': 'array'}"),
                        List.of(ROOT + ".properties[spec].items: Required value: must be specified")),
                Arguments.of("properties and additionalProperties", withSpec("{'type': 'object', 'properties': "
                        + "{'a': {'type': 'string'}}, 'additionalProperties': {'type': 'string'}}"),
                        List.of(ROOT + ".properties[spec].additionalProperties: Forbidden: additionalProperties and "
                                + "properties are mutual exclusive")),
                Arguments.of("metadata beyond name", "{'type': 'object', 'properties': {'metadata': {'type': 'object',"
                        + " 'properties': {'labels': {'type': 'object'}}}}}",
                        List.of(ROOT + ".properties[metadata].properties: Forbidden: must not specify anything other than "
                                + "name and generateName, but metadata is implicitly specified")),
                Arguments.of("metadata name restriction", "{'type': 'object', 'properties': {'metadata': {'type': 'object',"
                        + " 'properties': {'name': {'type': 'string', 'maxLength': 10}}}}}", List.of()),
                Arguments.of("type in value validation", withSpec("{'type': 'object', 'anyOf': [{'type': 'object'}]}"),
                        List.of(ROOT + ".properties[spec].anyOf[0].type: Forbidden: must be empty to be structural")),
                Arguments.of("$ref", withSpec("{'$ref': '#/definitions/x'}"),
                        List.of(ROOT + ".properties[spec].$ref: Forbidden: $ref is not supported",
                                ROOT + ".properties[spec].type: Required value: must not be empty for specified object fields")),
                Arguments.of("uniqueItems", withSpec("{'type': 'array', 'items': {'type': 'string'}, 'uniqueItems': true}"),
                        List.of(ROOT + ".properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since "
                                + "the runtime complexity becomes quadratic")),
                Arguments.of("preserve unknown fields false", withSpec("{'type': 'object', "
                        + "'x-kubernetes-preserve-unknown-fields': false}"),
                        List.of(ROOT + ".properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: "
                                + "must be true or undefined")),
                Arguments.of("default of the wrong type", withSpec("{'type': 'object', 'properties': {'replicas': "
                        + "{'type': 'integer', 'default': 'one'}}}"),
                        List.of(ROOT + ".properties[spec].properties[replicas].default: Invalid value: \"string\": body "
                                + "must be of type integer: \"string\"")),
                Arguments.of("default breaking a constraint", withSpec("{'type': 'object', 'properties': {'replicas': "
                        + "{'type': 'integer', 'minimum': 1, 'default': 0}}}"),
                        List.of(ROOT + ".properties[spec].properties[replicas].default: Invalid value: 0: body should be "
                                + "greater than or equal to 1")),
                Arguments.of("default with a pruned field", withSpec("{'type': 'object', 'default': {'a': 'x', 'b': 'y'},"
                        + " 'properties': {'a': {'type': 'string'}}}"),
                        List.of(ROOT + ".properties[spec].default: Invalid value: {\"a\":\"x\",\"b\":\"y\"}: "
                                + "must not have unknown fields: b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void validate(String name, String schema, List<String> expected) {
        List<String> actual = StructuralSchema.validate(json(schema), ROOT).stream()
                .map(StructuralSchemaTest::text).toList();
        assertEquals(expected, actual);
    }

    private static String text(FieldViolation v) {
        return v.field() + ": " + v.message();
    }
}
