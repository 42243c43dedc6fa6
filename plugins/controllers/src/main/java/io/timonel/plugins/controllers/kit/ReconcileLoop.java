package io.timonel.plugins.controllers.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that take keys from a {@link WorkQueue} and hand them to a {@link Reconciler},
 * re-queueing as its result asks. An exception is logged and retried with back-off: one bad
 * object never stops the loop.
 */
public final class ReconcileLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private final String name;
    private final WorkQueue queue;
    private final Reconciler reconciler;
    private final List<Thread> workers = new ArrayList<>();

    public ReconcileLoop(String name, WorkQueue queue, Reconciler reconciler) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
    }

    /** Starts {@code threads} workers. */
    public void start(int threads) {
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void work() {
        try {
            for (Optional<String> next = queue.take(); next.isPresent(); next = queue.take()) {
                process(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void process(String key) {
        try {
            Reconciler.Result result = reconciler.reconcile(key);
            if (result instanceof Reconciler.Retry) {
                queue.addRateLimited(key);
            } else {
                queue.forget(key);
                if (result instanceof Reconciler.After after) {
                    queue.addAfter(key, after.delay());
                }
            }
        } catch (Exception | LinkageError e) {
            int failures = queue.failures(key);
            if (failures < 3) {
                LOG.debug("{}: reconciling {} failed; retrying", name, key, e);
            } else {
                LOG.warn("{}: reconciling {} failed {} times; retrying: {}", name, key, failures + 1, e.toString());
            }
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    @Override
    public void close() {
        queue.shutDown();
        workers.forEach(Thread::interrupt);
    }
}
