package io.timonel.plugins.controllers.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * Runs many similar writes in growing parallel batches (1, 2, 4, 8...), as Kubernetes'
 * slowStartBatch: a template the API refuses fails once, not a thousand times, while a good one
 * reaches full parallelism after a few round trips.
 */
public final class SlowStart {
    private SlowStart() {
    }

    /** The outcome: how many calls succeeded, and the first failure (null if none). */
    public record Outcome(int succeeded, int attempted, RuntimeException firstError) {
    }

    /**
     * Calls {@code call.apply(i)} for i in {@code [0, count)}, at most {@code initial, 2*initial...}
     * at once; stops after the first batch that had a failure. Calls not attempted are
     * {@code count - attempted}.
     */
    public static Outcome run(int count, int initial, Executor executor, IntFunction<Boolean> call) {
        int done = 0;
        int succeeded = 0;
        RuntimeException first = null;
        for (int batch = Math.min(count, Math.max(1, initial)); batch > 0 && first == null;
             batch = Math.min(2 * batch, count - done)) {
            List<CompletableFuture<Boolean>> running = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                int index = done + i;
                running.add(CompletableFuture.supplyAsync(() -> call.apply(index), executor));
            }
            done += batch;
            for (CompletableFuture<Boolean> f : running) {
                try {
                    if (f.join()) {
                        succeeded++;
                    }
                } catch (java.util.concurrent.CompletionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
                    }
                }
            }
        }
        return new Outcome(succeeded, done, first);
    }
}
