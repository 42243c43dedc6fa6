package io.timonel.spi.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime reports it.
 *
 * @param id          the runtime's id
 * @param sandboxId   the sandbox it belongs to
 * @param name        its name within the pod (from {@link ContainerConfig#name()})
 * @param attempt     its {@link ContainerConfig#attempt()}
 * @param state       where it is in its life
 * @param image       the image reference it was created from
 * @param imageId     the id of that image
 * @param createdAt   when it was created
 * @param startedAt   when it started, or null
 * @param finishedAt  when it exited, or null
 * @param exitCode    its exit code once exited
 * @param reason      a short reason once exited ({@code Completed}, {@code Error}, {@code OOMKilled})
 * @param message     a longer message, or null
 * @param labels      the labels it was created with
 * @param annotations the annotations it was created with
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, State state, String image,
                              String imageId, Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode,
                              String reason, String message, Map<String, String> labels,
                              Map<String, String> annotations) {
    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The CRI's container states. */
    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }
}
