package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final WorkQueue queue = new WorkQueue(timers);

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void aKeyAddedTwiceIsQueuedOnce() throws Exception {
        queue.add("ns/a");
        queue.add("ns/a");
        queue.add("ns/b");

        assertEquals(2, queue.size());
        assertEquals(Optional.of("ns/a"), queue.take());
        assertEquals(Optional.of("ns/b"), queue.take());
    }

    @Test
    void aKeyAddedWhileBeingProcessedComesBackOnlyWhenDone() throws Exception {
        queue.add("ns/a");
        String key = queue.take().orElseThrow();

        queue.add(key);
        assertEquals(0, queue.size(), "one worker at a time per key");

        queue.done(key);
        assertEquals(1, queue.size());
        assertEquals(Optional.of("ns/a"), queue.take());
    }

    @Test
    void backOffDoublesPerFailureUpToItsCeiling() {
        assertEquals(Duration.ofMillis(5), WorkQueue.backoff(1));
        assertEquals(Duration.ofMillis(10), WorkQueue.backoff(2));
        assertEquals(Duration.ofMillis(5 * 1024), WorkQueue.backoff(11));
        assertEquals(WorkQueue.MAX_BACKOFF, WorkQueue.backoff(40));
        assertEquals(WorkQueue.MAX_BACKOFF, WorkQueue.backoff(1000));
    }

    @Test
    void failuresAreCountedUntilForgotten() {
        queue.addRateLimited("ns/a");
        queue.addRateLimited("ns/a");
        assertEquals(2, queue.failures("ns/a"));

        queue.forget("ns/a");
        assertEquals(0, queue.failures("ns/a"));
    }

    @Test
    void shutDownReleasesWaitingWorkers() throws Exception {
        queue.shutDown();
        assertEquals(Optional.empty(), queue.take());
    }
}
