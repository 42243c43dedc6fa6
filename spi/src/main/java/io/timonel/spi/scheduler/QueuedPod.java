package io.timonel.spi.scheduler;

import java.time.Instant;

/**
 * A pod waiting in the scheduling queue.
 *
 * @param info      the pod
 * @param timestamp when it was last added to the active queue
 * @param attempts  how many cycles it has had
 */
public record QueuedPod(PodInfo info, Instant timestamp, int attempts) {
}
