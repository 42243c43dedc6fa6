package io.timonel.plugins.controllers.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuReadinessTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration INIT = Duration.ofMinutes(5);
    private static final Duration DELAY = Duration.ofSeconds(30);

    /** A pod started {@code startedAgo} seconds ago whose readiness became {@code ready} {@code changedAgo} seconds ago. */
    private static Pod pod(Long startedAgo, String ready, long changedAgo) {
        var status = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus();
        if (startedAgo != null) {
            status = status.withStartTime(NOW.minusSeconds(startedAgo).toString());
        }
        if (ready != null) {
            status = status.addNewCondition().withType("Ready").withStatus(ready)
                    .withLastTransitionTime(NOW.minusSeconds(changedAgo).toString()).endCondition();
        }
        return status.endStatus().build();
    }

    private static PodMetricsSource.Sample sampledAgo(long seconds) {
        return new PodMetricsSource.Sample(NOW.minusSeconds(seconds), Duration.ofSeconds(30));
    }

    @Test
    void cpuSamplesOfStartingPodsAreLeftOut() {
        record Case(String name, Pod pod, PodMetricsSource.Sample sample, boolean unready) {
        }
        for (Case c : List.of(
                new Case("no start time", pod(null, "True", 10), sampledAgo(0), true),
                new Case("no Ready condition", pod(100L, null, 0), sampledAgo(0), true),
                new Case("starting, ready, sample a window after readiness", pod(100L, "True", 60), sampledAgo(0), false),
                new Case("starting, ready, sample too soon after readiness", pod(100L, "True", 20), sampledAgo(0), true),
                new Case("starting and not ready", pod(100L, "False", 60), sampledAgo(0), true),
                new Case("long running and ready", pod(1000L, "True", 900), sampledAgo(0), false),
                new Case("long running, not ready, was ready once", pod(1000L, "False", 100), sampledAgo(0), false),
                new Case("long running, never ready", pod(1000L, "False", 990), sampledAgo(0), true))) {
            assertEquals(c.unready(), CpuReadiness.unready(c.pod(), c.sample(), NOW, INIT, DELAY), c.name());
        }
    }
}
