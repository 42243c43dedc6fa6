package io.timonel.plugins.controllers.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerGraphTest {

    @Test
    void dependentsFollowTheirCurrentOwnerReferences() {
        OwnerGraph graph = new OwnerGraph();
        graph.put(node("d", "a"));
        graph.put(node("e", "a"));
        assertEquals(List.of("d", "e"), graph.dependentsOf("a").stream().map(Node::uid).toList());

        graph.put(node("d", "b")); // re-owned
        assertEquals(List.of("e"), graph.dependentsOf("a").stream().map(Node::uid).toList());
        assertEquals(List.of("d"), graph.dependentsOf("b").stream().map(Node::uid).toList());

        graph.remove("e");
        assertEquals(List.of(), graph.dependentsOf("a"));
    }

    private static Node node(String uid, String owner) {
        return new Node(uid, "v1", "ConfigMap", "ns", uid,
                List.of(new OwnerReferenceBuilder().withUid(owner).withName(owner).withKind("ConfigMap").build()),
                false, List.of());
    }
}
