package io.timonel.plugins.controllers.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SlicePlanTest {
    private static final Service SVC = SubsetsTest.service(new IntOrString(8080), false);
    private static final Supplier<EndpointSlice> TEMPLATE = () -> new EndpointSliceBuilder()
            .withNewMetadata().withGenerateName("web-").endMetadata().withAddressType("IPv4").build();

    private static List<Pod> pods(int n) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(SubsetsTest.pod(String.format("p%02d", i), "10.0.1." + i, true, null));
        }
        return pods;
    }

    private static EndpointSlice named(String name, EndpointSlice slice) {
        return new EndpointSliceBuilder(slice).editMetadata().withName(name).withGenerateName(null).endMetadata().build();
    }

    @Test
    void endpointsAreSplitIntoSlicesOfAtMostTheLimit() {
        SlicePlan plan = SlicePlan.of(List.of(), DesiredSlices.of(SVC, pods(5)), 2, TEMPLATE);
        assertEquals(List.of(2, 2, 1), plan.create().stream().map(s -> s.getEndpoints().size()).toList());
        assertEquals(8080, plan.create().get(0).getPorts().get(0).getPort());
    }

    @Test
    void anUnchangedServiceNeedsNoWrites() {
        SlicePlan first = SlicePlan.of(List.of(), DesiredSlices.of(SVC, pods(3)), 2, TEMPLATE);
        List<EndpointSlice> existing = List.of(named("web-a", first.create().get(0)), named("web-b", first.create().get(1)));
        assertTrue(SlicePlan.of(existing, DesiredSlices.of(SVC, pods(3)), 2, TEMPLATE).isEmpty());
    }

    @Test
    void aNewEndpointFillsASliceWithRoomBeforeANewSliceIsMade() {
        SlicePlan first = SlicePlan.of(List.of(), DesiredSlices.of(SVC, pods(3)), 2, TEMPLATE);
        List<EndpointSlice> existing = List.of(named("web-a", first.create().get(0)), named("web-b", first.create().get(1)));
        SlicePlan next = SlicePlan.of(existing, DesiredSlices.of(SVC, pods(4)), 2, TEMPLATE);
        assertEquals(0, next.create().size());
        assertEquals(List.of("web-b"), next.update().stream().map(s -> s.getMetadata().getName()).toList());
        assertEquals(2, next.update().get(0).getEndpoints().size());
    }

    @Test
    void aServiceWithoutEndpointsKeepsOnePlaceholderAndEmptiedSlicesGo() {
        SlicePlan first = SlicePlan.of(List.of(), DesiredSlices.of(SVC, pods(1)), 2, TEMPLATE);
        List<EndpointSlice> existing = List.of(named("web-a", first.create().get(0)));
        SlicePlan none = SlicePlan.of(existing, List.of(), 2, TEMPLATE);
        assertEquals(1, none.create().size());
        assertTrue(SlicePlan.isPlaceholder(none.create().get(0)));
        assertEquals(List.of("web-a"), none.delete().stream().map(s -> s.getMetadata().getName()).toList());
        EndpointSlice placeholder = named("web-p", none.create().get(0));
        assertTrue(SlicePlan.of(List.of(placeholder), List.of(), 2, TEMPLATE).isEmpty());
    }

    @Test
    void terminatingPodsStayAsNotReadyTerminatingEndpoints() {
        Pod going = new PodBuilder(SubsetsTest.pod("going", "10.0.0.6", true, null)).editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        var e = DesiredSlices.endpoint(SVC, going);
        assertEquals(false, e.getConditions().getReady());
        assertEquals(true, e.getConditions().getServing());
        assertEquals(true, e.getConditions().getTerminating());
    }
}
