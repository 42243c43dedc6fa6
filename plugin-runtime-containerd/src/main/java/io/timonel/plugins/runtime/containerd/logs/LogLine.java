package io.timonel.plugins.runtime.containerd.logs;

import java.time.Instant;

/**
 * One line of a container's output, joined from its CRI records.
 *
 * @param time   when its first record was written
 * @param stderr true for the error stream
 * @param bytes  the line, with its newline unless the stream ended without one
 */
public record LogLine(Instant time, boolean stderr, byte[] bytes) {
}
