package io.timonel.plugins.controllers.daemonset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {

    private static Node node(Map<String, String> labels, String taintKey, String effect) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n1").withLabels(labels).endMetadata();
        if (taintKey != null) {
            b.withNewSpec().withTaints(new TaintBuilder().withKey(taintKey).withValue("v").withEffect(effect).build())
                    .endSpec();
        }
        return b.build();
    }

    private static final PodSpec PLAIN = new PodSpecBuilder().build();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a plain node", PLAIN, node(Map.of(), null, null), true, true),
                Arguments.of("nodeSelector matches", new PodSpecBuilder().withNodeSelector(Map.of("role", "edge")).build(),
                        node(Map.of("role", "edge"), null, null), true, true),
                Arguments.of("nodeSelector does not match",
                        new PodSpecBuilder().withNodeSelector(Map.of("role", "edge")).build(),
                        node(Map.of("role", "core"), null, null), false, false),
                Arguments.of("required affinity In", new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                        .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey("zone").withOperator("In")
                                .withValues("a", "b").build()).endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build(),
                        node(Map.of("zone", "b"), null, null), true, true),
                Arguments.of("required affinity by node name", new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                        .withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                                .withValues("n2").build()).endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build(),
                        node(Map.of(), null, null), false, false),
                Arguments.of("untolerated NoSchedule: not placed, may stay", PLAIN,
                        node(Map.of(), "dedicated", "NoSchedule"), false, true),
                Arguments.of("untolerated NoExecute: neither", PLAIN,
                        node(Map.of(), "dedicated", "NoExecute"), false, false),
                Arguments.of("PreferNoSchedule is ignored", PLAIN,
                        node(Map.of(), "dedicated", "PreferNoSchedule"), true, true),
                Arguments.of("tolerated taint", new PodSpecBuilder().withTolerations(new TolerationBuilder()
                                .withKey("dedicated").withOperator("Equal").withValue("v").withEffect("NoSchedule").build())
                        .build(), node(Map.of(), "dedicated", "NoSchedule"), true, true),
                Arguments.of("a wrong value does not tolerate", new PodSpecBuilder().withTolerations(new TolerationBuilder()
                                .withKey("dedicated").withOperator("Equal").withValue("w").build()).build(),
                        node(Map.of(), "dedicated", "NoSchedule"), false, true),
                Arguments.of("daemons tolerate unschedulable nodes", PLAIN,
                        node(Map.of(), "node.kubernetes.io/unschedulable", "NoSchedule"), true, true),
                Arguments.of("daemons tolerate not-ready nodes", PLAIN,
                        node(Map.of(), "node.kubernetes.io/not-ready", "NoExecute"), true, true),
                Arguments.of("an empty-key Exists toleration tolerates everything",
                        new PodSpecBuilder().withTolerations(new TolerationBuilder().withOperator("Exists").build()).build(),
                        node(Map.of(), "anything", "NoExecute"), true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhereDaemonsRun(String name, PodSpec spec, Node node, boolean shouldRun, boolean shouldStay) {
        assertEquals(new NodeEligibility.Verdict(shouldRun, shouldStay), NodeEligibility.evaluate(spec, node));
    }
}
