package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.assertTree;
import static io.timonel.kernel.patch.Trees.patched;
import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergePatchTest {

    private static final OpenApiSchema DEPLOYMENT = TestSchemas.deployment();

    /** A two-container Deployment, the live object of most cases. */
    private static final String PAIR = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: pair, finalizers: [a, b]}
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
              template:
                spec:
                  containers:
                  - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                  - {name: helper, image: "helper:1"}
                  volumes:
                  - {name: cache, emptyDir: {}}
            """;

    static Stream<Arguments> deploymentCases() {
        return Stream.of(
                Arguments.of("a container named in the patch is merged and the others are kept",
                        "{spec: {template: {spec: {containers: [{name: main, image: 'main:2'}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:2", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("a new container comes before the server's containers it is not ordered against",
                        "{spec: {template: {spec: {containers: [{name: side, image: 'side:1'}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: side, image: "side:1"}
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("$patch delete in a list item removes the container with that name",
                        "{spec: {template: {spec: {containers: [{name: helper, $patch: delete}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                        """),
                Arguments.of("$patch replace as a list item replaces the whole list",
                        "{spec: {template: {spec: {containers: [{name: solo, image: 'solo:1'}, {$patch: replace}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: solo, image: "solo:1"}
                        """),
                Arguments.of("kubectl apply adding a sidecar: $setElementOrder places it",
                        """
                        spec:
                          template:
                            spec:
                              $setElementOrder/containers: [{name: main}, {name: side}, {name: helper}]
                              containers: [{name: side, image: "side:1"}]
                        """,
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                              - {name: side, image: "side:1"}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("kubectl apply deleting a container: $setElementOrder plus $patch delete",
                        """
                        spec:
                          template:
                            spec:
                              $setElementOrder/containers: [{name: main}]
                              containers: [{$patch: delete, name: helper}]
                        """,
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                        """),
                Arguments.of("kubectl apply reordering without changes",
                        """
                        spec:
                          template:
                            spec:
                              $setElementOrder/containers: [{name: helper}, {name: main}]
                        """,
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: helper, image: "helper:1"}
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                        """),
                Arguments.of("nested merge lists follow their own $setElementOrder",
                        """
                        spec:
                          template:
                            spec:
                              $setElementOrder/containers: [{name: main}, {name: helper}]
                              containers:
                              - name: main
                                $setElementOrder/env: [{name: B}, {name: C}, {name: A}]
                                env: [{name: B, value: "20"}, {name: C, value: "3"}]
                        """,
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1", args: [serve, --port=80], env: [{name: B, value: "20"}, {name: C, value: "3"}, {name: A, value: "1"}]}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("a list without patch strategy is replaced whole",
                        "{spec: {template: {spec: {containers: [{name: main, args: [run]}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1", args: [run], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("null deletes a field inside a merged item",
                        "{spec: {template: {spec: {containers: [{name: main, args: null, env: null}]}}}}",
                        """
                        spec:
                          template:
                            spec:
                              containers:
                              - {name: main, image: "main:1"}
                              - {name: helper, image: "helper:1"}
                        """),
                Arguments.of("$retainKeys drops the fields not listed before merging (kubectl switching to Recreate)",
                        "{spec: {strategy: {$retainKeys: [type], rollingUpdate: null, type: Recreate}}}",
                        "{spec: {strategy: {type: Recreate, rollingUpdate: null}}}"),
                Arguments.of("$retainKeys in a list item switches a volume's source",
                        """
                        spec:
                          template:
                            spec:
                              $setElementOrder/volumes: [{name: cache}]
                              volumes: [{name: cache, $retainKeys: [configMap, name], configMap: {name: cfg}, emptyDir: null}]
                        """,
                        "{spec: {template: {spec: {volumes: [{name: cache, configMap: {name: cfg}}]}}}}"),
                Arguments.of("finalizers (a merge list of scalars) become the union, new values first",
                        "{metadata: {finalizers: [c, a]}}",
                        "{metadata: {name: pair, finalizers: [c, a, b]}}"),
                Arguments.of("$deleteFromPrimitiveList removes values from a scalar list",
                        "{metadata: {$deleteFromPrimitiveList/finalizers: [a, zz]}}",
                        "{metadata: {name: pair, finalizers: [b]}}"),
                Arguments.of("$setElementOrder of scalars with an addition and a deletion",
                        "{metadata: {$setElementOrder/finalizers: [b, c], $deleteFromPrimitiveList/finalizers: [a], finalizers: [c]}}",
                        "{metadata: {name: pair, finalizers: [b, c]}}"),
                Arguments.of("$patch replace in a map replaces it",
                        "{spec: {strategy: {$patch: replace, type: Recreate}}}",
                        "{spec: {strategy: {type: Recreate, rollingUpdate: null}}}"),
                Arguments.of("$patch delete in a map empties it",
                        "{spec: {strategy: {$patch: delete}}}",
                        "{spec: {strategy: {type: null, rollingUpdate: null}}}"),
                Arguments.of("$patch merge in a map is an ordinary merge",
                        "{spec: {strategy: {$patch: merge, type: Recreate}}}",
                        "{spec: {strategy: {type: Recreate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}}")
        );
    }

    /** Each case gives the expected change to {@link #PAIR} as a JSON merge patch. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deploymentCases")
    void patchesDeployment(String name, String patch, String expectedChange) {
        JsonNode expected = MergePatchTest.overlay(yaml(PAIR), yaml(expectedChange));
        assertTree(expected, patched(StrategicMergePatch.apply(yaml(PAIR), yaml(patch), DEPLOYMENT)));
    }

    @Test
    void theConformanceDeploymentPatchKeepsTheHelper() {
        JsonNode live = yaml("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"pair"},
                 "spec":{"template":{"spec":{"containers":[
                   {"name":"main","image":"busybox"},{"name":"helper","image":"busybox"}]}}}}
                """);
        JsonNode patch = yaml("""
                {"spec":{"template":{"spec":{"containers":[{"name":"main","image":"registry.invalid/patched:2"}]}}}}
                """);
        JsonNode out = patched(StrategicMergePatch.apply(live, patch, DEPLOYMENT));
        JsonNode containers = out.at("/spec/template/spec/containers");
        assertEquals("main", containers.get(0).get("name").asText());
        assertEquals("registry.invalid/patched:2", containers.get(0).get("image").asText());
        assertEquals("helper", containers.get(1).get("name").asText());
        assertEquals("busybox", containers.get(1).get("image").asText());
    }

    @Test
    void kubectlClientSideApplyPatchOfAConfigMap() {
        JsonNode live = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings"}}'
                data: {a: "1", b: "2"}
                """);
        JsonNode patch = yaml("""
                {"data":{"a":"10","b":null,"c":"3"},"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"a\\":\\"10\\",\\"c\\":\\"3\\"},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"settings\\"}}\\n"}}}
                """);
        JsonNode out = patched(StrategicMergePatch.apply(live, patch, TestSchemas.configMap()));
        assertTree(yaml("{a: '10', c: '3'}"), out.get("data"));
        assertTrue(out.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText()
                .contains("\"a\":\"10\""));
    }

    @Test
    void listsAreReplacedWholeWithoutSchemaInformation() {
        JsonNode live = yaml("{spec: {ports: [{name: a, port: 1}, {name: b, port: 2}], tags: [x, y], size: 1}}");
        JsonNode patch = yaml("{spec: {ports: [{name: a, port: 10}], tags: [z]}}");
        JsonNode expected = yaml("{spec: {ports: [{name: a, port: 10}], tags: [z], size: 1}}");
        assertTree(expected, patched(StrategicMergePatch.apply(live, patch, null)));
        assertTree(expected, patched(StrategicMergePatch.apply(live, patch, TestSchemas.widget())));
    }

    @Test
    void directivesAreHonouredWithoutSchema() {
        JsonNode live = yaml("{spec: {a: {x: 1}, b: 2}}");
        JsonNode patch = yaml("{spec: {a: {$patch: replace, y: 2}, b: null}}");
        assertTree(yaml("{spec: {a: {y: 2}}}"), patched(StrategicMergePatch.apply(live, patch, null)));
    }

    @Test
    void theTargetIsNotModified() {
        JsonNode live = yaml(PAIR);
        String before = Trees.json(live);
        StrategicMergePatch.apply(live, yaml("{spec: {template: {spec: {containers: [{name: main, image: x}]}}}}"), DEPLOYMENT);
        assertEquals(before, Trees.json(live));
    }

    @Test
    void aListItemWithoutItsMergeKeyIsInvalid() {
        PatchResult result = StrategicMergePatch.apply(yaml(PAIR),
                yaml("{spec: {template: {spec: {containers: [{image: x}]}}}}"), DEPLOYMENT);
        PatchResult.Invalid invalid = assertInstanceOf(PatchResult.Invalid.class, result);
        assertTrue(invalid.message().contains("does not contain declared merge key: name"), invalid.message());
        assertEquals(422, result.httpStatus());
    }

    @Test
    void anUnknownDirectiveIsMalformed() {
        PatchResult result = StrategicMergePatch.apply(yaml(PAIR), yaml("{spec: {$patch: explode}}"), DEPLOYMENT);
        assertInstanceOf(PatchResult.Malformed.class, result);
        assertEquals(400, result.httpStatus());
    }

    @Test
    void aPatchThatIsNotAnObjectIsMalformed() {
        assertInstanceOf(PatchResult.Malformed.class, StrategicMergePatch.apply(yaml(PAIR), yaml("[1, 2]"), DEPLOYMENT));
        assertInstanceOf(PatchResult.Malformed.class, StrategicMergePatch.apply(yaml(PAIR), null, DEPLOYMENT));
    }

    @Test
    void aPatchListOutOfTheSetElementOrderIsMalformed() {
        PatchResult result = StrategicMergePatch.apply(yaml(PAIR), yaml("""
                spec:
                  template:
                    spec:
                      $setElementOrder/containers: [{name: main}, {name: helper}]
                      containers: [{name: helper, image: x}, {name: main, image: y}]
                """), DEPLOYMENT);
        assertInstanceOf(PatchResult.Malformed.class, result);
    }

    @Test
    void orderFollowsThePatchForNamedItemsAndTheServerForTheRest() {
        // Kubernetes' own case "preserve the order from the patch in a merging list 2".
        JsonNode live = yaml("{spec: {template: {spec: {containers: [{name: '1'}, {name: '2', image: b}, {name: '3'}]}}}}");
        JsonNode patch = yaml("{spec: {template: {spec: {containers: [{name: '3', image: c}, {name: '1', image: a}]}}}}");
        assertTree(yaml("{spec: {template: {spec: {containers: [{name: '2', image: b}, {name: '3', image: c}, {name: '1', image: a}]}}}}"),
                patched(StrategicMergePatch.apply(live, patch, DEPLOYMENT)));
    }

    @Test
    void supportsBuiltInSchemasOnly() {
        assertTrue(StrategicMergePatch.supports(DEPLOYMENT));
        assertFalse(StrategicMergePatch.supports(TestSchemas.widget()));
        assertFalse(StrategicMergePatch.supports(null));
    }
}
