package io.timonel.spi.scheduler;

/** Orders the active queue; a profile has exactly one. Called on the queue's thread, often: be cheap. */
public interface QueueSort extends Policy {

    /** Negative when {@code a} should be scheduled before {@code b}. */
    int compare(QueuedPod a, QueuedPod b);
}
