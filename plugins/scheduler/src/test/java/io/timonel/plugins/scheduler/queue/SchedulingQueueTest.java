package io.timonel.plugins.scheduler.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.plugins.scheduler.ManualClock;
import io.timonel.plugins.scheduler.policies.PrioritySort;
import io.timonel.spi.scheduler.PodInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final ManualClock clock = new ManualClock();
    private final SchedulingQueue queue = new SchedulingQueue(new PrioritySort(), clock, Backoff.DEFAULT);

    private static PodInfo pod(String name, int priority) {
        return PodInfo.of(new PodBuilder().withNewMetadata().withName(name).withNamespace("d").withUid(name).endMetadata()
                .withNewSpec().withPriority(priority).addNewContainer().withName("c").withImage("i").endContainer().endSpec().build());
    }

    private String pop() throws InterruptedException {
        var q = queue.pop(Duration.ZERO);
        return q == null ? null : q.info().name();
    }

    @Test
    void popsHigherPriorityFirstThenInArrivalOrder() throws Exception {
        queue.add(pod("a", 0));
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("b", 10));
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("c", 0));
        assertEquals("b", pop());
        assertEquals("a", pop());
        assertEquals("c", pop());
        assertNull(pop());
    }

    @Test
    void unschedulablePodParksUntilAClusterEventThenWaitsOutItsBackoff() throws Exception {
        queue.add(pod("a", 0));
        assertEquals("a", pop());
        queue.failed("a", true);
        assertArrayEquals(new int[] {0, 0, 1}, queue.sizes());
        clock.advance(Duration.ofMillis(500));
        queue.moveAllToActiveOrBackoff();
        assertArrayEquals(new int[] {0, 1, 0}, queue.sizes());
        assertNull(pop(), "still backing off (1 s after the first attempt)");
        clock.advance(Duration.ofMillis(500));
        assertEquals("a", pop());
    }

    @Test
    void eventDuringTheCycleSendsAFailedPodToBackoffNotToParking() throws Exception {
        queue.add(pod("a", 0));
        assertEquals("a", pop());
        queue.moveAllToActiveOrBackoff();
        queue.failed("a", true);
        assertArrayEquals(new int[] {0, 1, 0}, queue.sizes());
    }

    @Test
    void backoffDoublesPerAttemptUpToTenSeconds() {
        assertEquals(Duration.ofSeconds(1), Backoff.DEFAULT.after(1));
        assertEquals(Duration.ofSeconds(2), Backoff.DEFAULT.after(2));
        assertEquals(Duration.ofSeconds(8), Backoff.DEFAULT.after(4));
        assertEquals(Duration.ofSeconds(10), Backoff.DEFAULT.after(5));
        assertEquals(Duration.ofSeconds(10), Backoff.DEFAULT.after(30));
    }

    @Test
    void errorsBackOffAndReturnWhenTheBackoffEnds() throws Exception {
        queue.add(pod("a", 0));
        pop();
        queue.failed("a", false);
        assertNull(pop());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("a", pop());
        queue.failed("a", false);
        clock.advance(Duration.ofSeconds(1));
        assertNull(pop(), "second failure: 2 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals("a", pop());
    }

    @Test
    void parkedPodsAreRetriedAfterFiveMinutesWithoutEvents() throws Exception {
        queue.add(pod("a", 0));
        pop();
        queue.failed("a", true);
        clock.advance(SchedulingQueue.UNSCHEDULABLE_MAX);
        assertEquals("a", pop());
    }

    @Test
    void deletedPodLeavesEveryPartOfTheQueue() throws Exception {
        queue.add(pod("a", 0));
        queue.add(pod("b", 0));
        queue.delete("a");
        assertEquals("b", pop());
        queue.failed("b", true);
        queue.delete("b");
        queue.moveAllToActiveOrBackoff();
        assertArrayEquals(new int[] {0, 0, 0}, queue.sizes());
    }

    @Test
    void changedParkedPodIsRetried() throws Exception {
        queue.add(pod("a", 0));
        pop();
        queue.failed("a", true);
        clock.advance(Duration.ofSeconds(1));
        queue.add(pod("a", 5));
        assertEquals("a", pop());
    }
}
