package io.timonel.plugins.nodeagent.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodFieldsTest {
    final Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("u-1")
            .withLabels(Map.of("b", "2", "a", "1")).withAnnotations(Map.of("note", "line1\nline2")).endMetadata()
            .withNewSpec().withNodeName("node-1").withServiceAccountName("builder").endSpec().build();

    @Test
    void metadataAndSpecFields() {
        assertEquals(Optional.of("web-0"), PodFields.value(pod, "metadata.name", null, null));
        assertEquals(Optional.of("shop"), PodFields.value(pod, "metadata.namespace", null, null));
        assertEquals(Optional.of("u-1"), PodFields.value(pod, "metadata.uid", null, null));
        assertEquals(Optional.of("node-1"), PodFields.value(pod, "spec.nodeName", null, null));
        assertEquals(Optional.of("builder"), PodFields.value(pod, "spec.serviceAccountName", null, null));
        assertEquals(Optional.of("10.0.0.5"), PodFields.value(pod, "status.podIP", "10.0.0.5", "192.168.1.2"));
        assertEquals(Optional.of("10.0.0.5"), PodFields.value(pod, "status.podIPs", "10.0.0.5", "192.168.1.2"));
        assertEquals(Optional.of("192.168.1.2"), PodFields.value(pod, "status.hostIP", "10.0.0.5", "192.168.1.2"));
    }

    @Test
    void subscriptsPickOneLabelOrAnnotationAndMissingOnesAreEmpty() {
        assertEquals(Optional.of("2"), PodFields.value(pod, "metadata.labels['b']", null, null));
        assertEquals(Optional.of(""), PodFields.value(pod, "metadata.labels['zzz']", null, null));
        assertEquals(Optional.of("line1\nline2"), PodFields.value(pod, "metadata.annotations['note']", null, null));
    }

    @Test
    void wholeMapsAreSortedQuotedLines() {
        assertEquals(Optional.of("a=\"1\"\nb=\"2\""), PodFields.value(pod, "metadata.labels", null, null));
        assertEquals(Optional.of("note=\"line1\\nline2\""), PodFields.value(pod, "metadata.annotations", null, null));
    }

    @Test
    void unknownPathsAreNotResolved() {
        assertTrue(PodFields.value(pod, "spec.containers", null, null).isEmpty());
    }
}
