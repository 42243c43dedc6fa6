package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodPhaseTest {

    private static PodSpec spec(String policy) {
        return new PodSpecBuilder().withRestartPolicy(policy).build();
    }

    private static ContainerStatus running() {
        return new ContainerStatusBuilder().withName("c").withState(new ContainerStateBuilder().withNewRunning()
                .endRunning().build()).build();
    }

    private static ContainerStatus terminated(int code) {
        return new ContainerStatusBuilder().withName("c").withState(new ContainerStateBuilder().withNewTerminated()
                .withExitCode(code).endTerminated().build()).build();
    }

    private static ContainerStatus waiting() {
        return new ContainerStatusBuilder().withName("c").withState(new ContainerStateBuilder().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().build()).build();
    }

    private static ContainerStatus crashLooping(int lastCode) {
        return new ContainerStatusBuilder(waiting()).withLastState(terminated(lastCode).getState()).build();
    }

    @Test
    void podWithAContainerStillWaitingIsPending() {
        assertEquals("Pending", PodPhase.of(spec("Always"), List.of(), List.of(running(), waiting())));
    }

    @Test
    void podWithRunningContainersIsRunning() {
        assertEquals("Running", PodPhase.of(spec("Always"), List.of(), List.of(running(), running())));
    }

    @Test
    void podWithInitContainersNotDoneIsPending() {
        assertEquals("Pending", PodPhase.of(spec("Always"), List.of(terminated(0), running()), List.of(waiting())));
    }

    @Test
    void failedInitContainerFailsThePodOnlyUnderNever() {
        assertEquals("Failed", PodPhase.of(spec("Never"), List.of(terminated(1)), List.of(waiting())));
        assertEquals("Pending", PodPhase.of(spec("OnFailure"), List.of(crashLooping(1)), List.of(waiting())));
    }

    @Test
    void allStoppedContainersEndThePodByRestartPolicy() {
        assertEquals("Succeeded", PodPhase.of(spec("Never"), List.of(), List.of(terminated(0), terminated(0))));
        assertEquals("Failed", PodPhase.of(spec("Never"), List.of(), List.of(terminated(0), terminated(1))));
        assertEquals("Succeeded", PodPhase.of(spec("OnFailure"), List.of(), List.of(terminated(0))));
        assertEquals("Running", PodPhase.of(spec("OnFailure"), List.of(), List.of(crashLooping(1))));
        assertEquals("Running", PodPhase.of(spec("Always"), List.of(), List.of(terminated(0))));
    }

    @Test
    void crashLoopingContainerCountsAsStoppedNotWaiting() {
        assertEquals("Running", PodPhase.of(spec("Always"), List.of(), List.of(running(), crashLooping(2))));
    }
}
