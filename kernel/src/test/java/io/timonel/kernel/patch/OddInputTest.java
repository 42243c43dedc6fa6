package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never escapes as an exception: every engine answers with a result value. The
 * hand-picked cases are kept from earlier fuzzing; the random part explores around them.
 */
class OddInputTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<OpenApiSchema> SCHEMAS = Arrays.asList(null, TestSchemas.deployment(), TestSchemas.widget());

    private static final String LIVE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, labels: {a: b}, finalizers: [x], managedFields: [{manager: m, operation: Update, fieldsV1: {"f:spec": {}}}]}
            spec:
              replicas: 1
              strategy: {type: Recreate}
              template: {spec: {containers: [{name: main, image: x, ports: [{containerPort: 80}]}], volumes: [{name: v}]}}
            """;

    static Stream<String> oddPatches() {
        return Stream.of(
                "{spec: {template: {spec: {containers: 5}}}}",
                "{spec: {template: {spec: {containers: [1, 2]}}}}",
                "{spec: {template: {spec: {containers: [[1]]}}}}",
                "{spec: {template: {spec: {containers: [{$patch: 7}]}}}}",
                "{spec: {template: {spec: {containers: [{$patch: delete}]}}}}",
                "{spec: {template: {spec: {containers: [{$patch: merge, name: main}]}}}}",
                "{spec: {template: {spec: {containers: [null, {name: main}]}}}}",
                "{spec: {template: {spec: {$setElementOrder/containers: 3}}}}",
                "{spec: {template: {spec: {$setElementOrder/containers: [1, {}], containers: [{name: q}]}}}}",
                "{spec: {template: {spec: {$setElementOrder/containers: [{name: main}], containers: null}}}}",
                "{spec: {template: {spec: {$setElementOrder/nothing: [{name: main}]}}}}",
                "{metadata: {$deleteFromPrimitiveList/finalizers: x}}",
                "{metadata: {$deleteFromPrimitiveList/labels: [a]}}",
                "{spec: {strategy: {$retainKeys: type}}}",
                "{spec: {strategy: {$retainKeys: [1, 2]}}}",
                "{spec: {strategy: [1]}}",
                "{spec: {replicas: {a: 1}}}",
                "{metadata: {finalizers: [{a: 1}, y]}}",
                "{metadata: {finalizers: {$patch: replace}}}",
                "{$patch: delete}",
                "{$patch: replace}",
                "{$patch: [1]}",
                "{$unknownDirective: 1}",
                "{metadata: {managedFields: [{}]}}",
                "{metadata: null, spec: null}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddPatches")
    void strategicMergePatchAnswersWithAValue(String patch) {
        for (OpenApiSchema schema : SCHEMAS) {
            assertNotNull(StrategicMergePatch.apply(yaml(LIVE), yaml(patch), schema));
            assertNotNull(MergePatch.apply(yaml(LIVE), yaml(patch)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddPatches")
    void serverSideApplyAnswersWithAValue(String config) {
        for (OpenApiSchema schema : SCHEMAS) {
            assertNotNull(ServerSideApply.apply(yaml(LIVE), yaml(config), "m", false, schema, NOW));
            assertNotNull(ServerSideApply.apply(null, yaml(config), "m", true, schema, NOW));
            assertNotNull(ServerSideApply.recordUpdate(yaml(LIVE), yaml(config), "m", schema, NOW));
            assertNotNull(ServerSideApply.recordUpdate(yaml(config), yaml(LIVE), "m", schema, NOW));
        }
    }

    @Test
    void oddJsonPatchesAnswerWithAValue() {
        for (String patch : List.of("[{op: add, path: 5, value: 1}]", "[{op: move, from: /spec, path: /spec/x}]",
                "[{op: copy, from: /nope, path: /x}]", "[{op: test, path: /metadata/name}]", "[null]", "[]",
                "[{op: remove, path: /spec/template/spec/containers/9}]", "[{op: add, path: /metadata/finalizers/-1, value: q}]")) {
            assertNotNull(JsonPatch.apply(yaml(LIVE), yaml(patch)), patch);
        }
    }

    @Test
    void randomTreesNeverThrow() {
        Random random = new Random(20260102L);
        JsonNode live = yaml(LIVE);
        for (int i = 0; i < 400; i++) {
            JsonNode patch = mutate(live, random, 0);
            for (OpenApiSchema schema : SCHEMAS) {
                StrategicMergePatch.apply(live, patch, schema);
                ServerSideApply.apply(live, patch, "fuzz", random.nextBoolean(), schema, NOW);
                ServerSideApply.recordUpdate(live, patch, "fuzz", schema, NOW);
            }
            MergePatch.apply(live, patch);
        }
    }

    private static final List<String> DIRECTIVE_KEYS = List.of("$patch", "$retainKeys", "$setElementOrder/containers",
            "$deleteFromPrimitiveList/finalizers", "name", "containerPort");
    private static final List<JsonNode> LEAVES = List.of(JsonNodeFactory.instance.nullNode(),
            JsonNodeFactory.instance.textNode("delete"), JsonNodeFactory.instance.textNode("replace"),
            JsonNodeFactory.instance.numberNode(80), JsonNodeFactory.instance.booleanNode(true));

    /** A random variation of {@code node}: values swapped for other shapes, directives sprinkled in. */
    private static JsonNode mutate(JsonNode node, Random random, int depth) {
        int dice = random.nextInt(10);
        if (depth > 6 || dice == 0) {
            return LEAVES.get(random.nextInt(LEAVES.size()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (random.nextInt(4) != 0) {
                    out.set(name, mutate(node.get(name), random, depth + 1));
                }
            }
            if (dice == 1) {
                out.set(DIRECTIVE_KEYS.get(random.nextInt(DIRECTIVE_KEYS.size())), LEAVES.get(random.nextInt(LEAVES.size())));
            }
            if (dice == 2) {
                out.set(DIRECTIVE_KEYS.get(random.nextInt(DIRECTIVE_KEYS.size())),
                        JsonNodeFactory.instance.arrayNode().add(mutate(node, random, depth + 2)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(mutate(item, random, depth + 1)));
            if (dice == 3) {
                out.addObject().put("$patch", random.nextBoolean() ? "replace" : "delete");
            }
            if (dice == 4 && !out.isEmpty()) {
                out.add(out.get(0).deepCopy());
            }
            return out;
        }
        return dice < 5 ? node : LEAVES.get(random.nextInt(LEAVES.size()));
    }
}
