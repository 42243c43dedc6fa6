package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.assertTree;
import static io.timonel.kernel.patch.Trees.patched;
import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {

    private static final String CONFIGMAP = "{data: {a: '1', c: '3'}, list: [x, y]}";

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("add a field", "[{op: add, path: /data/b, value: '2'}]",
                        "{data: {a: '1', b: '2', c: '3'}, list: [x, y]}"),
                Arguments.of("add to the end of a list", "[{op: add, path: /list/-, value: z}]",
                        "{data: {a: '1', c: '3'}, list: [x, y, z]}"),
                Arguments.of("add inside a list", "[{op: add, path: /list/1, value: z}]",
                        "{data: {a: '1', c: '3'}, list: [x, z, y]}"),
                Arguments.of("replace and remove, as the conformance suite does",
                        "[{op: replace, path: /data/a, value: '10'}, {op: remove, path: /data/c}]",
                        "{data: {a: '10'}, list: [x, y]}"),
                Arguments.of("move", "[{op: move, from: /data/a, path: /data/z}]",
                        "{data: {c: '3', z: '1'}, list: [x, y]}"),
                Arguments.of("copy", "[{op: copy, from: /data/a, path: /data/b}]",
                        "{data: {a: '1', b: '1', c: '3'}, list: [x, y]}"),
                Arguments.of("a passing test lets the rest apply",
                        "[{op: test, path: /data/a, value: '1'}, {op: remove, path: /list/0}]",
                        "{data: {a: '1', c: '3'}, list: [y]}"),
                Arguments.of("escaped pointer segments", "[{op: add, path: /data/a~1b~0c, value: v}]",
                        "{data: {a: '1', c: '3', 'a/b~c': v}, list: [x, y]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void applies(String name, String patch, String expected) {
        assertTree(yaml(expected), patched(JsonPatch.apply(yaml(CONFIGMAP), yaml(patch))));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("a failed test", "[{op: test, path: /data/a, value: '2'}]"),
                Arguments.of("removing a missing field", "[{op: remove, path: /data/zz}]"),
                Arguments.of("replacing a missing field", "[{op: replace, path: /nope/x, value: 1}]"),
                Arguments.of("adding under a missing parent", "[{op: add, path: /a/b/c, value: 1}]"),
                Arguments.of("an index out of range", "[{op: add, path: /list/7, value: z}]"),
                Arguments.of("replacing the root with a scalar", "[{op: replace, path: '', value: 1}]"));
    }

    @ParameterizedTest(name = "{0} is invalid")
    @MethodSource("failures")
    void refuses(String name, String patch) {
        PatchResult result = JsonPatch.apply(yaml(CONFIGMAP), yaml(patch));
        assertInstanceOf(PatchResult.Invalid.class, result, () -> "got " + result);
        assertEquals(422, result.httpStatus());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not a list", "{op: add, path: /a, value: 1}"),
                Arguments.of("an unknown operation", "[{op: frobnicate, path: /a}]"),
                Arguments.of("an operation without a path", "[{op: add, value: 1}]"),
                Arguments.of("an add without a value", "[{op: add, path: /a}]"),
                Arguments.of("an item that is not an object", "[1]"));
    }

    @ParameterizedTest(name = "{0} is malformed")
    @MethodSource("malformed")
    void rejects(String name, String patch) {
        PatchResult result = JsonPatch.apply(yaml(CONFIGMAP), yaml(patch));
        assertInstanceOf(PatchResult.Malformed.class, result, () -> "got " + result);
        assertEquals(400, result.httpStatus());
    }

    @Test
    void theTargetIsNotModified() {
        JsonNode target = yaml(CONFIGMAP);
        JsonPatch.apply(target, yaml("[{op: remove, path: /data/a}]"));
        assertTree(yaml(CONFIGMAP), target);
    }

    @Test
    void tooManyOperationsAreRefused() {
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"}");
        }
        PatchResult result = JsonPatch.apply(yaml(CONFIGMAP), Trees.yaml(ops.append("]").toString()));
        assertEquals(413, result.httpStatus());
        assertTrue(result instanceof PatchResult.TooLarge);
    }
}
