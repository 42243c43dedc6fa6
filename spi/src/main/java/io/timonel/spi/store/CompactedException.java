package io.timonel.spi.store;

/**
 * A watch or read asked for a revision older than the store still holds. Clients answer with
 * {@code 410 Gone} and a re-list, as Kubernetes clients expect.
 */
public final class CompactedException extends Exception {
    private final long compactedRevision;
    private final long currentRevision;

    public CompactedException(long compactedRevision, long currentRevision) {
        super("revision has been compacted (compacted up to " + compactedRevision
                + ", current " + currentRevision + ")");
        this.compactedRevision = compactedRevision;
        this.currentRevision = currentRevision;
    }

    /** The newest revision no longer in history. */
    public long compactedRevision() {
        return compactedRevision;
    }

    /** The store's revision when the request was refused. */
    public long currentRevision() {
        return currentRevision;
    }
}
