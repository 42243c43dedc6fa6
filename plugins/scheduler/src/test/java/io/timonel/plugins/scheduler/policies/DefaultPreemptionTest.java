package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultPreemptionTest {

    private static final NodeResourcesFit FIT = NodeResourcesFit.fromArgs(new ObjectMapper().createObjectNode());

    private static PodInfo prio(String name, String cpu, int priority) {
        return pod(name, cpu, b -> b.editSpec().withPriority(priority).endSpec());
    }

    @Test
    void preemptionPicksTheNodeWithTheLeastImportantVictimsAndReprievesWhatStillFits() {
        NodeInfo n1 = with(node("n1"), prio("mid", "3", 50));
        NodeInfo n2 = with(node("n2"), prio("low-big", "2", 10), prio("low-small", "1", 5), prio("keep", "500m", 1));
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of(n1, n2), FIT);
        DefaultPreemption preemption = new DefaultPreemption(handle);
        PodInfo high = prio("high", "3", 100);
        CycleState state = state();
        Map<String, Status> rejections = Map.of("n1", FIT.filter(state, high, n1), "n2", FIT.filter(state, high, n2));
        PostFilter.Result result = preemption.postFilter(state, high, rejections);
        assertTrue(result.status().isSuccess(), result.status().message());
        assertEquals("n2", result.nominatedNode());
        // reprieve by priority, highest first: low-big (2) would not leave room, low-small (1) does, keep (0.5) then not
        assertEquals(List.of("low-big", "keep"), handle.evicted);
        assertEquals("n2", handle.nominated);
    }

    @Test
    void noPreemptionWhenOnlyEqualOrHigherPriorityPodsRun() {
        NodeInfo n1 = with(node("n1"), prio("same", "3", 100));
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of(n1), FIT);
        PodInfo high = prio("high", "3", 100);
        PostFilter.Result result = new DefaultPreemption(handle).postFilter(state(), high,
                Map.of("n1", FIT.filter(state(), high, n1)));
        assertNull(result.nominatedNode());
        assertEquals("0/1 nodes are available: 1 No preemption victims found for incoming pod.", result.status().message());
    }

    @Test
    void unresolvableRejectionsAreNotPreemptionCandidates() {
        NodeInfo n1 = with(node("n1"), prio("low", "3", 0));
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of(n1), FIT);
        PodInfo high = prio("high", "3", 100);
        PostFilter.Result result = new DefaultPreemption(handle).postFilter(state(), high,
                Map.of("n1", Status.unresolvable("node(s) had untolerated taint {a: b}")));
        assertEquals("0/1 nodes are available: 1 Preemption is not helpful for scheduling.", result.status().message());
        assertTrue(handle.evicted.isEmpty());
    }

    @Test
    void preemptionPolicyNeverDoesNotPreempt() {
        NodeInfo n1 = with(node("n1"), prio("low", "3", 0));
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of(n1), FIT);
        PodInfo never = pod("high", "3", b -> b.editSpec().withPriority(100).withPreemptionPolicy("Never").endSpec());
        PostFilter.Result result = new DefaultPreemption(handle).postFilter(state(), never,
                Map.of("n1", FIT.filter(state(), never, n1)));
        assertNull(result.nominatedNode());
        assertTrue(handle.evicted.isEmpty());
    }
}
