package io.timonel.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates then updates: N workers create 1 KiB objects as fast as they are answered, then
 * update (compare-and-swap on the revision each last saw) the objects they created, in turn.
 * Each worker owns its objects, so updates never conflict with each other.
 */
final class WriteWorkload {

    /** Names of created objects. */
    static final String PREFIX = "c-";

    /** The objects one worker created and the revision it last wrote for each. */
    static final class Owned {
        final List<String> names = new ArrayList<>();
        final List<String> revisions = new ArrayList<>();
        int cursor;

        int size() {
            return names.size();
        }
    }

    /**
     * @param create the create phase
     * @param update the update phase
     * @param owned  per worker, what it created (for later reads)
     */
    record Results(LoadResult create, LoadResult update, List<Owned> owned) {

        /** Several runs as one; the objects are those of the last run. */
        static Results combine(List<Results> runs) {
            return new Results(LoadResult.combine(runs.stream().map(Results::create).toList()),
                    LoadResult.combine(runs.stream().map(Results::update).toList()),
                    runs.get(runs.size() - 1).owned());
        }
    }

    private final ClosedLoopLoad load;

    WriteWorkload(ClosedLoopLoad load) {
        this.load = load;
    }

    Results run(WriteTarget target, int clients, Budget budget) throws InterruptedException {
        return run(target, PREFIX, clients, budget);
    }

    /** As {@link #run(WriteTarget, int, Budget)}, naming objects {@code <prefix><n>} (one prefix per run on the same store). */
    Results run(WriteTarget target, String prefix, int clients, Budget budget) throws InterruptedException {
        List<Owned> owned = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            owned.add(new Owned());
        }
        LoadResult create = load.run(clients, budget, (worker, seq) -> {
            String name = prefix + seq;
            WriteTarget.Written written = target.create(worker, name);
            if (written.failure() == null) {
                Owned mine = owned.get(worker);
                mine.names.add(name);
                mine.revisions.add(written.revision());
            }
            return written.failure();
        });
        LoadResult update = load.run(clients, budget, (worker, seq) -> {
            Owned mine = owned.get(worker);
            if (mine.size() == 0) {
                return "worker " + worker + " created nothing to update";
            }
            int index = mine.cursor++ % mine.size();
            WriteTarget.Written written = target.update(worker, mine.names.get(index), mine.revisions.get(index), seq + 1);
            if (written.failure() == null) {
                mine.revisions.set(index, written.revision());
            }
            return written.failure();
        });
        return new Results(create, update, owned);
    }
}
