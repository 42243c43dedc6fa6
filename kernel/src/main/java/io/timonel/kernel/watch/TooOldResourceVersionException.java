package io.timonel.kernel.watch;

/** A watch asked for history the cache no longer holds; the client must re-list (410 Gone). */
public final class TooOldResourceVersionException extends Exception {
    private final long currentRevision;

    public TooOldResourceVersionException(long requested, long oldest, long currentRevision) {
        super("too old resource version: " + requested + " (" + oldest + ")", null, false, false);
        this.currentRevision = currentRevision;
    }

    public long currentRevision() {
        return currentRevision;
    }
}
