package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.timonel.plugins.runtime.docker.ContainerStates.EngineState;
import io.timonel.plugins.runtime.docker.ContainerStates.Mapped;
import io.timonel.spi.runtime.ContainerStatus.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStatesTest {
    static final String ZERO = "0001-01-01T00:00:00Z";
    static final String STARTED = "2026-11-24T01:02:03.123456789Z";
    static final String FINISHED = "2026-11-24T01:02:09.5Z";

    static Mapped map(String status, boolean running, boolean oom, long exit, String error, String started, String finished) {
        return ContainerStates.map(new EngineState(status, running, false, false, oom, exit, error, started, finished));
    }

    @Test
    void aRunningContainerIsRunningSinceItsStart() {
        Mapped m = map("running", true, false, 0, "", STARTED, ZERO);
        assertEquals(State.RUNNING, m.state());
        assertEquals(Instant.parse(STARTED), m.startedAt());
        assertNull(m.finishedAt());
        assertNull(m.reason());
    }

    @Test
    void pausedAndRestartingCountAsRunning() {
        assertEquals(State.RUNNING, ContainerStates.map(new EngineState("paused", false, true, false, false, 0, "", STARTED, ZERO)).state());
        assertEquals(State.RUNNING, ContainerStates.map(new EngineState("restarting", false, false, true, false, 0, "", STARTED, ZERO)).state());
    }

    @Test
    void exitZeroIsCompleted() {
        Mapped m = map("exited", false, false, 0, "", STARTED, FINISHED);
        assertEquals(State.EXITED, m.state());
        assertEquals("Completed", m.reason());
        assertEquals(0, m.exitCode());
        assertEquals(Instant.parse(FINISHED), m.finishedAt());
        assertNull(m.message());
    }

    @Test
    void aNonZeroExitIsAnError() {
        Mapped m = map("exited", false, false, 137, "", STARTED, FINISHED);
        assertEquals("Error", m.reason());
        assertEquals(137, m.exitCode());
    }

    @Test
    void anOomKillIsReportedAsSuchWhateverTheCode() {
        assertEquals("OOMKilled", map("exited", false, true, 137, "", STARTED, FINISHED).reason());
    }

    @Test
    void aContainerWhoseStartFailedCannotRunAndSaysWhy() {
        Mapped m = map("created", false, false, 127, "exec: \"nope\": executable file not found in $PATH", ZERO, ZERO);
        assertEquals(State.EXITED, m.state());
        assertEquals("ContainerCannotRun", m.reason());
        assertEquals(127, m.exitCode());
        assertEquals("exec: \"nope\": executable file not found in $PATH", m.message());
        assertNull(m.startedAt());
    }

    @Test
    void aCreatedContainerHasNoTimesYet() {
        Mapped m = map("created", false, false, 0, "", ZERO, ZERO);
        assertEquals(State.CREATED, m.state());
        assertNull(m.startedAt());
        assertNull(m.finishedAt());
    }

    @Test
    void anUnknownStatusIsUnknown() {
        assertEquals(State.UNKNOWN, map("removing", false, false, 0, "", ZERO, ZERO).state());
    }
}
