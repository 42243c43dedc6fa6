package io.timonel.plugins.runtime.docker;

import io.timonel.spi.runtime.ContainerStatus.State;
import java.time.Instant;

/**
 * How Docker's view of a container ({@code State} in its inspect answer) reads as the CRI's, as
 * the kubelet's Docker integration read it: running (also paused or restarting) is RUNNING; a
 * container that finished is EXITED with reason {@code OOMKilled}, {@code Completed} (exit code 0)
 * or {@code Error}; one that never ran because its start failed (a non-zero exit code without a
 * finish time) is EXITED with {@code ContainerCannotRun} and Docker's error as message; created is
 * CREATED; anything else UNKNOWN.
 */
final class ContainerStates {
    private ContainerStates() {
    }

    /** The fields of Docker's {@code State} this mapping reads. */
    record EngineState(String status, boolean running, boolean paused, boolean restarting, boolean oomKilled,
                       long exitCode, String error, String startedAt, String finishedAt) {
    }

    /** The CRI's view of it. */
    record Mapped(State state, Instant startedAt, Instant finishedAt, int exitCode, String reason, String message) {
    }

    static Mapped map(EngineState s) {
        Instant started = DockerTimes.parse(s.startedAt());
        Instant finished = DockerTimes.parse(s.finishedAt());
        String error = s.error() == null || s.error().isBlank() ? null : s.error();
        if (s.running() || s.paused() || s.restarting()) {
            return new Mapped(State.RUNNING, started, null, 0, null, null);
        }
        if (finished != null) {
            String reason = s.oomKilled() ? "OOMKilled" : s.exitCode() == 0 ? "Completed" : "Error";
            return new Mapped(State.EXITED, started, finished, (int) s.exitCode(), reason, error);
        }
        if (s.exitCode() != 0) {
            return new Mapped(State.EXITED, started, null, (int) s.exitCode(), "ContainerCannotRun", error);
        }
        if ("created".equals(s.status())) {
            return new Mapped(State.CREATED, null, null, 0, null, null);
        }
        if ("exited".equals(s.status()) || "dead".equals(s.status())) {
            return new Mapped(State.EXITED, started, null, 0, "Completed", error);
        }
        return new Mapped(State.UNKNOWN, started, null, 0, null, error);
    }
}
