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

class VolumeBindingAndPreemptionTest {

    private static final NodeResourcesFit FIT = NodeResourcesFit.fromArgs(new ObjectMapper().createObjectNode());

    private static PodInfo mounting(String claim) {
        return pod("p", "1", b -> b.editSpec().addNewVolume().withName("v").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume().endSpec());
    }

    private static PersistentVolumeClaim claim(String name, String volume, String storageClass) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withVolumeName(volume).withStorageClassName(storageClass).endSpec().build();
    }

    static Stream<Arguments> volumeCases() {
        return Stream.of(
                Arguments.of("no claims", pod("p", "1"), Status.Code.SKIP),
                Arguments.of("missing claim", mounting("gone"), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("bound claim", mounting("bound"), Status.Code.SUCCESS),
                Arguments.of("unbound, immediate binding", mounting("waiting"), Status.Code.UNSCHEDULABLE),
                Arguments.of("unbound, WaitForFirstConsumer", mounting("late"), Status.Code.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumeCases")
    void claimsMustExistAndBeBoundUnlessBindingWaits(String name, PodInfo pod, Status.Code code) {
        Map<String, PersistentVolumeClaim> claims = new HashMap<>(Map.of(
                "default/bound", claim("bound", "pv-1", "fast"),
                "default/waiting", claim("waiting", null, "fast"),
                "default/late", claim("late", null, "local")));
        ClusterAccess base = new Fixtures.FakeHandle(List.of()).cluster();
        ClusterAccess cluster = new ClusterAccess() {
            public java.util.concurrent.CompletionStage<Status> bind(io.fabric8.kubernetes.api.model.Pod p, String n) {
                return base.bind(p, n);
            }

            public java.util.concurrent.CompletionStage<Status> evict(io.fabric8.kubernetes.api.model.Pod v, io.fabric8.kubernetes.api.model.Pod p, String r) {
                return base.evict(v, p, r);
            }

            public java.util.concurrent.CompletionStage<Status> nominate(io.fabric8.kubernetes.api.model.Pod p, String n) {
                return base.nominate(p, n);
            }

            public Optional<PersistentVolumeClaim> claim(String ns, String n) {
                return Optional.ofNullable(claims.get(ns + "/" + n));
            }

            public Optional<String> volumeBindingMode(String sc) {
                return Optional.ofNullable(Map.of("fast", "Immediate", "local", "WaitForFirstConsumer").get(sc));
            }
        };
        assertEquals(code, new VolumeBinding(cluster).preFilter(state(), pod, null).code());
    }

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

    @Test
    void defaultBinderBindsThroughTheCluster() throws Exception {
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of());
        assertTrue(new DefaultBinder(handle.cluster()).bind(state(), pod("p", "1"), "n1").toCompletableFuture().get().isSuccess());
    }
}
