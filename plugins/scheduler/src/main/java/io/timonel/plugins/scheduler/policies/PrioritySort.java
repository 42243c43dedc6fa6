package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.QueueSort;
import io.timonel.spi.scheduler.QueuedPod;

/** Higher {@code spec.priority} first; among equals, the pod queued earlier. */
public final class PrioritySort implements QueueSort {

    public static final String NAME = "PrioritySort";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int compare(QueuedPod a, QueuedPod b) {
        int byPriority = Integer.compare(b.info().priority(), a.info().priority());
        return byPriority != 0 ? byPriority : a.timestamp().compareTo(b.timestamp());
    }
}
