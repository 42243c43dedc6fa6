package io.timonel.plugins.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeTaintsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Node node(String ready, boolean unschedulable, Taint... taints) {
        var b = new NodeBuilder().withNewMetadata().withName("n").withCreationTimestamp("2026-11-23T09:00:00Z").endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).withTaints(taints).endSpec().withNewStatus();
        if (ready != null) {
            b = b.addNewCondition().withType("Ready").withStatus(ready).withLastHeartbeatTime("2026-11-23T09:59:00Z")
                    .endCondition();
        }
        return b.endStatus().build();
    }

    private static Set<String> keys(List<Taint> taints) {
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).collect(Collectors.toSet());
    }

    @Test
    void taintsFollowReadiness() {
        record Case(String ready, Set<String> expected) {
        }
        for (Case c : List.of(
                new Case("Unknown", Set.of("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule")),
                new Case("False", Set.of("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule")))) {
            assertEquals(c.expected(), keys(NodeTaints.desired(node(c.ready(), false), NOW).orElseThrow()), c.ready());
        }
        assertTrue(NodeTaints.desired(node("True", false), NOW).isEmpty());
    }

    @Test
    void noExecuteTaintsCarryTheTimeTheyWereAdded() {
        Taint t = NodeTaints.desired(node("Unknown", false), NOW).orElseThrow().stream()
                .filter(x -> x.getEffect().equals("NoExecute")).findFirst().orElseThrow();
        assertEquals("2026-11-23T10:00:00Z", t.getTimeAdded());
    }

    @Test
    void aReadyNodeLosesConditionTaintsButKeepsTheUsersOwn() {
        Taint user = new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build();
        Taint unreachable = new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build();
        assertEquals(List.of(user), NodeTaints.desired(node("True", false, user, unreachable), NOW).orElseThrow());
    }

    @Test
    void unreachableReplacesNotReadyWhenTheNodeGoesSilent() {
        Taint notReady = new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoExecute").build();
        assertEquals(Set.of("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"),
                keys(NodeTaints.desired(node("Unknown", false, notReady), NOW).orElseThrow()));
    }

    @Test
    void cordonMirrorsUnschedulable() {
        assertEquals(Set.of("node.kubernetes.io/unschedulable:NoSchedule"),
                keys(NodeTaints.desired(node("True", true), NOW).orElseThrow()));
        Taint cordon = new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();
        assertEquals(List.of(), NodeTaints.desired(node("True", false, cordon), NOW).orElseThrow());
    }
}
