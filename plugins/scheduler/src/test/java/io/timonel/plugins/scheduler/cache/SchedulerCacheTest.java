package io.timonel.plugins.scheduler.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.plugins.scheduler.ManualClock;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private final ManualClock clock = new ManualClock();
    private final SchedulerCache cache = new SchedulerCache(clock);

    private static Node node(String name, String label) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of("l", label)).endMetadata()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("4"), "pods", new Quantity("110"))).endStatus().build();
    }

    private static PodInfo pod(String name, String node) {
        return PodInfo.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("d").withUid(name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i").withNewResources()
                .addToRequests("cpu", new Quantity("1")).endResources().endContainer().endSpec().build());
    }

    @Test
    void assumedPodCountsAtOnceAndTheWatchConfirmsIt() {
        cache.upsertNode(node("n1", "a"));
        cache.assume(pod("p", "n1"), "n1");
        assertEquals(1000, cache.snapshot().get("n1").requested().milliCpu());
        assertTrue(cache.isAssumed("p"));
        cache.upsertBoundPod(pod("p", "n1"));
        assertFalse(cache.isAssumed("p"));
        assertEquals(1, cache.snapshot().get("n1").pods().size());
    }

    @Test
    void failedBindingIsForgotten() {
        cache.upsertNode(node("n1", "a"));
        cache.assume(pod("p", "n1"), "n1");
        cache.forget("p");
        assertEquals(0, cache.snapshot().get("n1").requested().milliCpu());
    }

    @Test
    void boundButUnconfirmedPodExpiresAfterTheTtl() {
        cache.upsertNode(node("n1", "a"));
        cache.assume(pod("p", "n1"), "n1");
        cache.finishBinding("p");
        clock.advance(SchedulerCache.ASSUMED_TTL.minusSeconds(1));
        assertEquals(0, cache.expireAssumed());
        clock.advance(java.time.Duration.ofSeconds(1));
        assertEquals(1, cache.expireAssumed());
        assertEquals(0, cache.snapshot().get("n1").pods().size());
    }

    @Test
    void podsSeenBeforeTheirNodeJoinItWhenItAppears() {
        cache.upsertBoundPod(pod("p", "late"));
        cache.upsertNode(node("late", "a"));
        assertEquals(1, cache.snapshot().get("late").pods().size());
    }

    @Test
    void snapshotIsReusedUntilSomethingChanges() {
        cache.upsertNode(node("n1", "a"));
        Snapshot first = cache.snapshot();
        assertSame(first, cache.snapshot());
        cache.upsertBoundPod(pod("p", "n1"));
        Snapshot second = cache.snapshot();
        assertNotSame(first, second);
        assertEquals(0, first.get("n1").pods().size(), "an earlier snapshot does not move");
    }

    @Test
    void nodeUpdateIsRelevantOnlyWhenFiltersWouldSeeIt() {
        assertTrue(cache.upsertNode(node("n1", "a")));
        assertFalse(cache.upsertNode(node("n1", "a")), "a heartbeat changes nothing filters read");
        assertTrue(cache.upsertNode(node("n1", "b")), "a label changed");
    }

    @Test
    void removedNodeLeavesTheSnapshotAndTheOthersStay() {
        cache.upsertNode(node("n1", "a"));
        cache.upsertNode(node("n2", "a"));
        cache.upsertNode(node("n3", "a"));
        cache.removeNode("n1");
        Snapshot s = cache.snapshot();
        assertEquals(2, s.size());
        assertEquals("n2", s.get("n2").name());
        assertEquals("n3", s.get("n3").name());
    }
}
