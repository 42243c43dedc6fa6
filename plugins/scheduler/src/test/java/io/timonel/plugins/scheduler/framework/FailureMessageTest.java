package io.timonel.plugins.scheduler.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.scheduler.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

    @Test
    void reasonsAreCountedOverNodesAndSortedAsKubernetesDoes() {
        Map<String, Status> rejections = new LinkedHashMap<>();
        rejections.put("n1", Status.unschedulable("Insufficient cpu"));
        rejections.put("n2", Status.unschedulable("Insufficient cpu"));
        rejections.put("n3", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        rejections.put("n4", Status.unresolvable("node(s) had untolerated taint {k: v}"));
        rejections.put("n5", Status.unresolvable("node(s) had untolerated taint {k: v}"));
        assertEquals("0/5 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint {k: v}, 3 Insufficient cpu."
                        + " preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
                FailureMessage.of(5, rejections, "0/5 nodes are available: 5 Preemption is not helpful for scheduling."));
    }
}
