package io.timonel.plugins.localpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final WorkQueue queue = new WorkQueue(timers);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void aKeyIsQueuedOnceAndInOrder() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertEquals("a", queue.take());
        assertEquals("b", queue.take());
    }

    @Test
    void aKeyAddedWhileProcessedComesBackAfterwards() throws Exception {
        queue.add("a");
        String key = queue.take();
        queue.add("a");
        queue.add("b");
        assertEquals("b", queue.take(), "not handed out twice at once");
        queue.done(key);
        assertEquals("a", queue.take());
    }

    @Test
    void closingReleasesWaitingWorkers() throws Exception {
        queue.close();
        assertNull(queue.take());
    }

    @Test
    void backoffDoublesUpToAMinute() {
        assertEquals(Duration.ofMillis(500), Reconciled.backoff(1));
        assertEquals(Duration.ofSeconds(1), Reconciled.backoff(2));
        assertEquals(Duration.ofSeconds(60), Reconciled.backoff(30));
    }
}
