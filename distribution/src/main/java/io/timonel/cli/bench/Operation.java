package io.timonel.cli.bench;

/** One request a load worker makes. */
@FunctionalInterface
public interface Operation {

    /**
     * Performs one operation. Called by one worker thread at a time per {@code worker}.
     *
     * @param worker   the calling worker, 0 to workers-1 (to keep per-worker state)
     * @param sequence unique across the phase, increasing from 0 (to name new objects)
     * @return null on success, else a short description of the failure
     * @throws Exception when the request could not be made (counted as a failure)
     */
    String run(int worker, long sequence) throws Exception;
}
