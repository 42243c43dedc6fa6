package io.timonel.plugins.controllers.job;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** How many pods a job should run now, and for Indexed jobs which indexes. */
final class Parallelism {
    private Parallelism() {
    }

    /**
     * Pods a NonIndexed job wants running: at most {@code parallelism}, and no more than the
     * completions still missing. Without {@code completions} (a work queue), the first success
     * means no new pods: those running finish on their own.
     */
    static int wantActive(Integer completions, int parallelism, int succeeded, int active) {
        if (completions == null) {
            return succeeded > 0 ? Math.min(active, parallelism) : parallelism;
        }
        return Math.max(0, Math.min(parallelism, completions - succeeded));
    }

    /**
     * The indexes to start for an Indexed job: the lowest ones neither completed nor running,
     * as many as {@code parallelism} leaves room for.
     */
    static List<Integer> indexesToCreate(int completions, int parallelism, BitSet completed, BitSet running) {
        int room = Math.min(parallelism, completions - completed.cardinality()) - running.cardinality();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < completions && out.size() < room; i++) {
            if (!completed.get(i) && !running.get(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
