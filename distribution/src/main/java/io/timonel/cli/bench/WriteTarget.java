package io.timonel.cli.bench;

/**
 * A store written by the write workload — Timonel's API or etcd — so both receive the very same
 * sequence of creates and compare-and-swap updates.
 */
interface WriteTarget {

    /** The outcome of one write: the new revision, or why it failed. */
    record Written(String revision, String failure) {
        static Written ok(String revision) {
            return new Written(revision, null);
        }

        static Written failed(String failure) {
            return new Written(null, failure);
        }
    }

    /** Creates object {@code name} holding a 1 KiB value. */
    Written create(int worker, String name) throws Exception;

    /** Replaces object {@code name} if it is still at {@code revision}. */
    Written update(int worker, String name, String revision, long generation) throws Exception;
}
