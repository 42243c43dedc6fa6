package io.timonel.plugins.nodeagent.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeManagerTest {
    final FakeClock clock = new FakeClock();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ProbeManager manager = new ProbeManager(new Prober(new FakeRuntime(clock)), clock, timer, r -> {
    }, PodEvents.NONE, uid -> {
    });

    @AfterEach
    void stop() {
        manager.close();
        timer.shutdownNow();
    }

    private static ContainerStatus running(String id) {
        return new ContainerStatus(id, "sb", "web", 0, ContainerStatus.State.RUNNING, "busybox:local", "", Instant.EPOCH,
                Instant.EPOCH, null, 0, null, null, Map.of(), Map.of());
    }

    @Test
    void probesFollowTheRunningInstancesOfAPodsContainers() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata().withNewSpec()
                .withContainers(new ContainerBuilder().withName("web").withNewReadinessProbe().withNewExec()
                        .withCommand("true").endExec().withPeriodSeconds(3600).withInitialDelaySeconds(3600)
                        .endReadinessProbe().build()).endSpec().build();
        manager.sync(pod, "10.0.0.2", Map.of("web", running("c1")));
        assertEquals(ProbeResult.FAILURE, manager.result("c1", ProbeKind.READINESS), "not ready before a probe passed");
        assertNull(manager.result("c1", ProbeKind.LIVENESS), "it has no liveness probe");

        manager.sync(pod, "10.0.0.2", Map.of("web", running("c2")));
        assertNull(manager.result("c1", ProbeKind.READINESS), "the old instance's probe stopped");
        assertEquals(ProbeResult.FAILURE, manager.result("c2", ProbeKind.READINESS));

        manager.forget("u");
        assertNull(manager.result("c2", ProbeKind.READINESS));
    }
}
