package io.timonel.plugins.nodeagent.pods;

import java.util.concurrent.Semaphore;

/**
 * Turns for pods starting on this node: at most a fixed number of pods get their sandbox and
 * first containers from the runtime at once, the others wait in arrival order.
 *
 * <p>Why: when a hundred pods arrive together, a runtime asked for all their sandboxes and
 * containers at once finishes later than one asked for a few pods at a time (Docker on two CPUs:
 * 100 pods in 17 s with all in flight, 12.5 s with 16 at a time). And a turn covers the pod's
 * whole start, not each runtime call, so the first pods to arrive are Ready first instead of
 * every pod's last step queueing behind every other pod's first. Thread-safe.
 */
public final class PodStarts {
    private final Semaphore turns;

    /** @param parallel how many pods may be starting at once (at least 1) */
    public PodStarts(int parallel) {
        this.turns = new Semaphore(Math.max(1, parallel), true);
    }

    /** A turn held while a pod starts; closing it lets the next pod in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a turn.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the agent is stopping)
     */
    public Turn await() throws InterruptedException {
        turns.acquire();
        return turns::release;
    }

    /** Turns free now (for tests and diagnostics). */
    public int available() {
        return turns.availablePermits();
    }

    /** About how many pods wait for a turn (for tests and diagnostics). */
    public int waiting() {
        return turns.getQueueLength();
    }
}
