package io.timonel.plugins.nodeagent.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeWorkerTest {
    final FakeClock clock = new FakeClock();
    final Deque<Boolean> outcomes = new ArrayDeque<>();
    final List<String> runs = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final PodEvents recorder = (pod, path, warning, reason, message) -> events.add(reason + ": " + message);
    final Prober prober = new Prober(new FakeRuntime(clock)) {
        @Override
        public ProbeOutcome probe(Probe probe, ProbeTarget target) {
            runs.add(target.containerId());
            return outcomes.removeFirst() ? ProbeOutcome.ok() : ProbeOutcome.failed("cat: can't open '/tmp/healthy'");
        }
    };

    private static Container container(boolean startup) {
        ContainerBuilder b = new ContainerBuilder().withName("main").withNewLivenessProbe().withNewExec()
                .withCommand("cat", "/tmp/healthy").endExec().withInitialDelaySeconds(5).withFailureThreshold(1)
                .endLivenessProbe();
        if (startup) {
            b.withNewStartupProbe().withNewExec().withCommand("true").endExec().endStartupProbe();
        }
        return b.build();
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("flaky").withUid("u").endMetadata().build();
    }

    @Test
    void nothingRunsBeforeTheInitialDelay() {
        Instant started = clock.instant();
        ProbeWorker w = new ProbeWorker(pod(), "10.0.0.2", container(false), "c1", started, ProbeKind.LIVENESS);
        clock.advance(Duration.ofSeconds(4));
        assertFalse(w.tick(clock.instant(), prober, ProbeResults.NONE, recorder));
        assertEquals(List.of(), runs);
        assertEquals(started.plusSeconds(5), w.firstRun());
    }

    @Test
    void aLivenessFailureReportsUnhealthyAndEndsTheProbing() {
        ProbeWorker w = new ProbeWorker(pod(), "10.0.0.2", container(false), "c1", clock.instant(), ProbeKind.LIVENESS);
        clock.advance(Duration.ofSeconds(5));
        outcomes.add(true);
        outcomes.add(false);
        assertFalse(w.tick(clock.instant(), prober, ProbeResults.NONE, recorder));
        assertTrue(w.tick(clock.instant(), prober, ProbeResults.NONE, recorder));
        assertEquals(ProbeResult.FAILURE, w.result());
        assertEquals(List.of("Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy'"), events);
        assertFalse(w.tick(clock.instant(), prober, ProbeResults.NONE, recorder));
        assertEquals(2, runs.size(), "the container is restarted; this worker probes no more");
    }

    @Test
    void livenessWaitsForTheStartupProbe() {
        ProbeWorker w = new ProbeWorker(pod(), "10.0.0.2", container(true), "c1", clock.instant(), ProbeKind.LIVENESS);
        clock.advance(Duration.ofSeconds(10));
        assertFalse(w.tick(clock.instant(), prober, (id, kind) -> ProbeResult.UNKNOWN, recorder));
        assertEquals(List.of(), runs);
        outcomes.add(true);
        w.tick(clock.instant(), prober, (id, kind) -> ProbeResult.SUCCESS, recorder);
        assertEquals(List.of("c1"), runs);
    }
}
