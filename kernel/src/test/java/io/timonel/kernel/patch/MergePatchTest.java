package io.timonel.kernel.patch;

import static io.timonel.kernel.patch.Trees.assertTree;
import static io.timonel.kernel.patch.Trees.patched;
import static io.timonel.kernel.patch.Trees.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

    /** RFC 7386 appendix A, plus the shapes kubectl sends. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a value replaces", "{a: b}", "{a: c}", "{a: c}"),
                Arguments.of("a new field is added", "{a: b}", "{b: c}", "{a: b, b: c}"),
                Arguments.of("null removes a field", "{a: b}", "{a: null}", "{}"),
                Arguments.of("null removes only that field", "{a: b, b: c}", "{a: null}", "{b: c}"),
                Arguments.of("a list replaces a scalar", "{a: [b]}", "{a: c}", "{a: c}"),
                Arguments.of("a scalar replaces a list", "{a: c}", "{a: [b]}", "{a: [b]}"),
                Arguments.of("objects merge recursively", "{a: {b: c}}", "{a: {b: d, c: null}}", "{a: {b: d}}"),
                Arguments.of("lists are replaced, not merged", "{a: [{b: c}]}", "{a: [1]}", "{a: [1]}"),
                Arguments.of("nulls inside a new object are dropped", "{}", "{a: {bb: {ccc: null}}}", "{a: {bb: {}}}"),
                Arguments.of("a scalar is replaced by an object", "{a: 1}", "{a: {b: 2}}", "{a: {b: 2}}"),
                Arguments.of("kubectl patch --type=merge of configmap data",
                        "{data: {a: '1', b: '2'}}", "{data: {b: '20', c: '30'}}", "{data: {a: '1', b: '20', c: '30'}}"),
                Arguments.of("an empty patch changes nothing", "{a: 1}", "{}", "{a: 1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void merges(String name, String target, String patch, String expected) {
        assertTree(yaml(expected), patched(MergePatch.apply(yaml(target), yaml(patch))));
    }

    @Test
    void aPatchThatIsNotAnObjectIsMalformed() {
        PatchResult result = MergePatch.apply(yaml("{a: 1}"), yaml("[1]"));
        assertInstanceOf(PatchResult.Malformed.class, result);
        assertEquals(400, result.httpStatus());
    }

    @Test
    void theTargetIsNotModified() {
        JsonNode target = yaml("{a: {b: 1}}");
        MergePatch.apply(target, yaml("{a: {b: 2}}"));
        assertTree(yaml("{a: {b: 1}}"), target);
    }

    @Test
    void aMissingTargetIsAnEmptyObject() {
        assertTree(yaml("{a: 1}"), patched(MergePatch.apply(null, yaml("{a: 1, b: null}"))));
    }

    /** Test helper: {@code base} with {@code change} merged in as a JSON merge patch. */
    static JsonNode overlay(JsonNode base, JsonNode change) {
        return MergePatch.mergeInto(((ObjectNode) base).deepCopy(), (ObjectNode) change);
    }
}
