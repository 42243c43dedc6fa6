package io.timonel.plugins.nodeagent.pods;

import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.pod;
import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodWorkersTest {
    @TempDir
    Path dir;
    PodSyncHarness h;
    final Deque<Runnable> queued = new ArrayDeque<>();
    final Executor manual = queued::add;
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    PodWorkers workers;

    @BeforeEach
    void setUp() {
        h = new PodSyncHarness(dir);
        workers = new PodWorkers(h.sync, manual, timer, Duration.ofHours(1));
    }

    @AfterEach
    void tearDown() {
        workers.close();
        timer.shutdownNow();
    }

    private void runAll() {
        while (!queued.isEmpty()) {
            queued.removeFirst().run();
        }
    }

    @Test
    void eventsForABusyOrWaitingPodCoalesceIntoOneMoreSync() {
        Pod p = pod("web", "Always", spec("main")).build();
        h.pod = p;
        workers.update(p);
        workers.update(p);
        workers.changed("uid-web");
        assertEquals(1, queued.size());
        runAll();
        assertEquals(1, h.runtime.sandboxConfigs.size());
        assertEquals(1, h.writes.size());
        assertTrue(workers.knows("uid-web"));
        assertEquals("web", workers.pod("uid-web").orElseThrow().getMetadata().getName());
    }

    @Test
    void aPodRemovedFromTheApiIsCleanedUpAndForgotten() {
        Pod p = pod("web", "Always", spec("main")).build();
        h.pod = p;
        workers.update(p);
        runAll();
        workers.removed(p);
        runAll();
        assertTrue(h.runtime.containers().isEmpty());
        assertTrue(h.runtime.sandboxes().isEmpty());
        assertFalse(workers.knows("uid-web"));
        assertFalse(h.deleted, "the API deleted it already");
    }

    @Test
    void orphansFoundInTheRuntimeAreRemoved() {
        h.pod = pod("left", "Always", spec("main")).build();
        h.sync();
        workers.orphan("uid-left", Map.of(Labels.POD_NAME, "left", Labels.POD_NAMESPACE, "default"));
        runAll();
        assertTrue(h.runtime.sandboxes().isEmpty());
        assertFalse(workers.knows("uid-left"));
    }

    @Test
    void anEvictionReachesThePodsSync() {
        Pod p = pod("hog", "Always", spec("main")).build();
        h.pod = p;
        workers.update(p);
        runAll();
        workers.evict("uid-hog", "low on memory");
        assertTrue(workers.evicting("uid-hog"));
        runAll();
        assertEquals("Failed", h.status().getPhase());
        assertEquals("Evicted", h.status().getReason());
    }
}
