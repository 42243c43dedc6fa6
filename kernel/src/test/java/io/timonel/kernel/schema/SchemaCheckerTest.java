package io.timonel.kernel.schema;

import static io.timonel.kernel.openapi.SchemaFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.openapi.SchemaFixtures;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchemaCheckerTest {
    private final SchemaChecker checker = new SchemaChecker();

    static final OpenApiSchema GADGET = SchemaFixtures.gadgetSchema();

    private static String gadget(String spec) {
        return "{'apiVersion': 'example.com/v1', 'kind': 'Gadget', 'metadata': {'name': 'g'}, 'spec': " + spec + "}";
    }

    static Stream<Arguments> gadgets() {
        return Stream.of(
                Arguments.of("valid", gadget("{'mode': 'fast', 'name': 'ab', 'count': 3, 'ratio': 0.5,"
                        + " 'when': '2024-05-01T10:00:00Z', 'blob': 'aGVsbG8=', 'port': 'http', 'note': null,"
                        + " 'tags': ['a', 'b'], 'ports': [{'name': 'x'}, {'name': 'y'}], 'labels': {'a': 'b'},"
                        + " 'choice': {'a': 'x'}}"), List.of()),
                Arguments.of("port as integer", gadget("{'mode': 'fast', 'port': 80}"), List.of()),
                Arguments.of("missing required", gadget("{}"), List.of("REQUIRED spec.mode")),
                Arguments.of("missing spec is fine", "{'apiVersion': 'example.com/v1', 'kind': 'Gadget'}", List.of()),
                Arguments.of("enum", gadget("{'mode': 'medium'}"), List.of("NOT_SUPPORTED spec.mode")),
                Arguments.of("pattern", gadget("{'mode': 'fast', 'name': 'AB'}"), List.of("INVALID spec.name")),
                Arguments.of("minLength", gadget("{'mode': 'fast', 'name': 'a'}"), List.of("INVALID spec.name")),
                Arguments.of("maxLength", gadget("{'mode': 'fast', 'name': 'abcdefg'}"), List.of("TOO_LONG spec.name")),
                Arguments.of("minimum", gadget("{'mode': 'fast', 'count': 0}"), List.of("INVALID spec.count")),
                Arguments.of("maximum", gadget("{'mode': 'fast', 'count': 11}"), List.of("INVALID spec.count")),
                Arguments.of("int32 range", gadget("{'mode': 'fast', 'count': 3000000000}"),
                        List.of("INVALID spec.count", "INVALID spec.count")),
                Arguments.of("exclusive bounds", gadget("{'mode': 'fast', 'ratio': 1}"), List.of("INVALID spec.ratio")),
                Arguments.of("integral float is an integer", gadget("{'mode': 'fast', 'count': 2.0}"), List.of()),
                Arguments.of("fraction is not an integer", gadget("{'mode': 'fast', 'count': 2.5}"),
                        List.of("TYPE_INVALID spec.count")),
                Arguments.of("date-time", gadget("{'mode': 'fast', 'when': 'yesterday'}"), List.of("INVALID spec.when")),
                Arguments.of("byte", gadget("{'mode': 'fast', 'blob': 'not base64!'}"), List.of("INVALID spec.blob")),
                Arguments.of("int-or-string refuses booleans", gadget("{'mode': 'fast', 'port': true}"),
                        List.of("TYPE_INVALID spec.port")),
                Arguments.of("set duplicates", gadget("{'mode': 'fast', 'tags': ['a', 'a']}"),
                        List.of("DUPLICATE spec.tags[1]")),
                Arguments.of("maxItems", gadget("{'mode': 'fast', 'tags': ['a', 'b', 'c', 'd']}"),
                        List.of("TOO_MANY spec.tags")),
                Arguments.of("minItems", gadget("{'mode': 'fast', 'tags': []}"), List.of("INVALID spec.tags")),
                Arguments.of("map list duplicate keys", gadget("{'mode': 'fast', 'ports': [{'name': 'x'}, {'name': 'x', 'number': 2}]}"),
                        List.of("DUPLICATE spec.ports[1]")),
                Arguments.of("required inside list items", gadget("{'mode': 'fast', 'ports': [{'number': 1}]}"),
                        List.of("REQUIRED spec.ports[0].name")),
                Arguments.of("map values typed", gadget("{'mode': 'fast', 'labels': {'a': 1}}"),
                        List.of("TYPE_INVALID spec.labels.a")),
                Arguments.of("maxProperties", gadget("{'mode': 'fast', 'labels': {'a': 'b', 'c': 'd', 'e': 'f'}}"),
                        List.of("TOO_MANY spec.labels")),
                Arguments.of("oneOf none", gadget("{'mode': 'fast', 'choice': {}}"), List.of("INVALID spec.choice")),
                Arguments.of("oneOf both", gadget("{'mode': 'fast', 'choice': {'a': 'x', 'b': 'y'}}"),
                        List.of("INVALID spec.choice")),
                Arguments.of("object where string expected", gadget("{'mode': {'x': 1}}"),
                        List.of("TYPE_INVALID spec.mode")),
                Arguments.of("array where object expected", gadget("[]"), List.of("TYPE_INVALID spec")),
                Arguments.of("null for required", gadget("{'mode': null}"), List.of("REQUIRED spec.mode")),
                Arguments.of("crd metadata restriction", "{'metadata': {'name': 'far-too-long-name'}, 'spec': {'mode': 'fast'}}",
                        List.of("TOO_LONG metadata.name")),
                Arguments.of("metadata is typed as ObjectMeta", "{'metadata': {'labels': {'a': 1}}, 'spec': {'mode': 'fast'}}",
                        List.of("TYPE_INVALID metadata.labels.a")),
                Arguments.of("embedded resource needs apiVersion and kind", gadget("{'mode': 'fast', 'strict': {'data': 'x'}}"),
                        List.of("REQUIRED spec.strict.apiVersion", "REQUIRED spec.strict.kind")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gadgets")
    void violationsOfCustomResources(String name, String object, List<String> expected) {
        SchemaReport report = checker.check(json(object), GADGET);
        assertEquals(expected, report.violations().stream().map(v -> v.type() + " " + v.field()).toList(),
                String.valueOf(report.violations()));
    }

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                Arguments.of("none", gadget("{'mode': 'fast'}"), List.of()),
                Arguments.of("top-level and nested", "{'apiVersion': 'example.com/v1', 'kind': 'Gadget', 'extra': 1,"
                        + " 'spec': {'mode': 'fast', 'foo': {'bar': 1}}}", List.of("extra", "spec.foo")),
                Arguments.of("inside list items", gadget("{'mode': 'fast', 'ports': [{'name': 'a', 'proto': 'TCP'}]}"),
                        List.of("spec.ports[0].proto")),
                Arguments.of("preserved", gadget("{'mode': 'fast', 'free': {'anything': {'goes': true}}}"), List.of()),
                Arguments.of("map keys are not fields", gadget("{'mode': 'fast', 'labels': {'x': 'y'}}"), List.of()),
                Arguments.of("unknown metadata field", "{'metadata': {'name': 'g', 'colour': 'red'}}",
                        List.of("metadata.colour")),
                Arguments.of("embedded resource knows its type meta",
                        gadget("{'mode': 'fast', 'strict': {'apiVersion': 'v1', 'kind': 'Pod',"
                                + " 'metadata': {'name': 'p', 'bogus': 1}, 'data': 'x', 'other': 2}}"),
                        List.of("spec.strict.metadata.bogus", "spec.strict.other")),
                Arguments.of("embedded preserved resource", gadget("{'mode': 'fast', 'template': {'apiVersion': 'v1',"
                        + " 'kind': 'Pod', 'metadata': {'name': 'p'}, 'spec': {'x': 1}}}"), List.of()),
                Arguments.of("managed fields are free-form", "{'metadata': {'managedFields': [{'manager': 'kubectl',"
                        + " 'fieldsV1': {'f:spec': {'f:mode': {}}}}]}, 'spec': {'mode': 'fast'}}", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownFields")
    void unknownFieldsAreListedByPath(String name, String object, List<String> expected) {
        assertEquals(expected, checker.check(json(object), GADGET).unknownFields());
    }

    @Test
    void builtInTypeErrorsFollowReferences() {
        JsonNode deployment = json("""
            {'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': {'name': 'd', 'labels': {'app': 'x'}},
             'spec': {'replicas': 'three', 'selector': {'matchLabels': {'app': 'x'}},
                      'strategy': {'rollingUpdate': {'maxSurge': '25%', 'maxUnavailable': 1}},
                      'template': {'metadata': {'labels': {'app': 'x'}},
                                   'spec': {'containers': [{'name': 'c', 'image': 'busybox', 'args': 'sleep',
                                                            'ports': [{'containerPort': '80'}]}],
                                            'overhead': {'cpu': 1, 'memory': '1Gi'}}}}}
            """);
        SchemaReport report = checker.check(deployment, SchemaFixtures.deploymentSchema());
        assertEquals(List.of("spec.replicas", "spec.template.spec.containers[0].args",
                "spec.template.spec.containers[0].ports[0].containerPort"),
                report.typeViolations().stream().map(FieldViolation::field).toList(), report.toString());
        assertEquals("Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                report.typeViolations().get(0).message());
        assertEquals(FieldViolation.Type.TYPE_INVALID.reason(), report.typeViolations().get(0).type().reason());
    }

    @Test
    void builtInUnknownFieldsAreFoundThroughReferences() {
        JsonNode deployment = json("""
            {'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': {'name': 'd', 'nmae': 'x'},
             'spec': {'replicas': 1, 'foo': true,
                      'template': {'spec': {'containers': [{'name': 'c', 'imagePullPolice': 'Always'}]}}},
             'status': {'conditions': [{'type': 'Available', 'reason': 'x'}]}}
            """);
        assertEquals(List.of("metadata.nmae", "spec.foo", "spec.template.spec.containers[0].imagePullPolice",
                "status.conditions[0].reason"), checker.check(deployment, SchemaFixtures.deploymentSchema()).unknownFields());
    }

    @Test
    void widgetSizeOfWrongTypeIsRefusedLikeKubernetes() {
        SchemaReport report = checker.check(json("{'apiVersion': 'example.com/v1', 'kind': 'Widget',"
                + " 'metadata': {'name': 'w'}, 'spec': {'size': 'big'}}"), SchemaFixtures.widgetSchema());
        assertEquals(List.of(new FieldViolation(FieldViolation.Type.TYPE_INVALID, "spec.size",
                "Invalid value: \"string\": spec.size in body must be of type integer: \"string\"")), report.violations());
        SchemaReport zero = checker.check(json("{'spec': {'size': 0}}"), SchemaFixtures.widgetSchema());
        assertEquals(List.of(new FieldViolation(FieldViolation.Type.INVALID, "spec.size",
                "Invalid value: 0: spec.size in body should be greater than or equal to 1")), zero.violations());
        assertEquals(List.of(FieldViolation.required("spec")), checker.check(json("{'metadata': {'name': 'w'}}"),
                SchemaFixtures.widgetSchema()).violations());
    }

    @Test
    void pruneRemovesUnknownFieldsAndNullsInPlace() {
        ObjectNode object = (ObjectNode) json(gadget("{'mode': 'fast', 'foo': 1, 'note': null, 'name': null,"
                + " 'ports': [{'name': 'a', 'proto': 'TCP'}], 'free': {'keep': null},"
                + " 'template': {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'p', 'junk': 1}}}"));
        ((ObjectNode) object.get("metadata")).put("junk", true);
        object.put("extra", "x");
        List<String> removed = checker.prune(object, GADGET);
        assertEquals(List.of("metadata.junk", "spec.foo", "spec.ports[0].proto", "spec.template.metadata.junk", "extra"),
                removed);
        assertEquals(json(gadget("{'mode': 'fast', 'note': null, 'ports': [{'name': 'a'}], 'free': {'keep': null},"
                + " 'template': {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'p'}}}")), object);
        assertTrue(checker.check(object, GADGET).clean());
    }

    @Test
    void recursiveSchemasCompileAndCheck() {
        OpenApiSchema tree = new OpenApiSchema("io.example.Node", Map.of("io.example.Node", json("""
            {'type': 'object', 'properties': {'value': {'type': 'integer'},
              'children': {'type': 'array', 'items': {'$ref': '#/components/schemas/io.example.Node'}}}}
            """)));
        SchemaReport report = checker.check(json("{'value': 1, 'children': [{'value': 2, 'children': [{'value': 'x', 'y': 1}]}]}"),
                tree);
        assertEquals(List.of("children[0].children[0].value"),
                report.violations().stream().map(FieldViolation::field).toList());
        assertEquals(List.of("children[0].children[0].y"), report.unknownFields());
    }

    @Test
    void strictAndWarnMessagesNameTheUnknownFields() {
        SchemaReport report = checker.check(json(gadget("{'mode': 'fast', 'foo': 1, 'bar': 2}")), GADGET);
        assertEquals(List.of("unknown field \"spec.foo\"", "unknown field \"spec.bar\""), report.unknownFieldWarnings());
        assertEquals("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.bar\"",
                report.strictDecodingError());
    }

    @Test
    void typesWithoutSchemaAcceptAnything() {
        assertTrue(checker.check(json("{'anything': [1, 'x']}"), null).clean());
        assertEquals(List.of(), checker.prune((ObjectNode) json("{'a': 1}"), null));
    }

    @Test
    void repeatedChecksOfOneSchemaInstanceAgree() {
        OpenApiSchema schema = SchemaFixtures.widgetSchema();
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("spec.extra"), checker.check(json("{'spec': {'size': 2, 'extra': 1}}"), schema)
                    .unknownFields());
        }
    }

    @Test
    void changedSchemaWithTheSameRootNameIsCompiledAfresh() {
        OpenApiSchema before = new OpenApiSchema("w", Map.of("w", json("{'type': 'object', 'properties': {'spec':"
                + " {'type': 'object', 'properties': {'n': {'type': 'integer', 'maximum': 100}}}}}")));
        OpenApiSchema after = new OpenApiSchema("w", Map.of("w", json("{'type': 'object', 'properties': {'spec':"
                + " {'type': 'object', 'properties': {'n': {'type': 'integer', 'maximum': 50}}}}}")));
        JsonNode object = json("{'kind': 'W', 'spec': {'n': 60}}");
        assertTrue(checker.check(object, before).clean());
        assertEquals(1, checker.check(object, after).violations().size());
    }
}
