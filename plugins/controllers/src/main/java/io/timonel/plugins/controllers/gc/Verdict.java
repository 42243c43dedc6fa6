package io.timonel.plugins.controllers.gc;

import java.util.List;
import java.util.Map;

/**
 * What the collector does with an object that names owners, from the state of each owner, as
 * Kubernetes' garbage collector decides: while one owner stands, the object stays (references to
 * owners gone or being foreground-deleted are dropped); when none stands, it is deleted.
 */
sealed interface Verdict {

    /** How an owner named by a reference stands. */
    enum OwnerState {
        /** Exists with the referenced uid and is not waiting for its dependents. */
        SOLID,
        /** Absent, or the name now belongs to an object with another uid. */
        GONE,
        /** Being deleted in the foreground: its dependents must go first. */
        WAITING
    }

    /** Nothing to do. */
    record Keep() implements Verdict {
    }

    /** Drop the references to these owner uids, keep the object. */
    record DropReferences(List<String> ownerUids) implements Verdict {
    }

    /** Delete the object with this propagation policy (Background, Foreground or Orphan). */
    record Delete(String propagationPolicy) implements Verdict {
    }

    /**
     * The verdict for {@code node} given the state of each owner uid it references.
     *
     * @param hasDependents whether other objects name {@code node} as their owner
     */
    static Verdict of(Node node, Map<String, OwnerState> owners, boolean hasDependents) {
        if (node.owners().isEmpty() || node.deleting()) {
            return new Keep();
        }
        List<String> solid = node.owners().stream().map(r -> r.getUid())
                .filter(uid -> owners.get(uid) == OwnerState.SOLID).toList();
        List<String> notSolid = node.owners().stream().map(r -> r.getUid())
                .filter(uid -> owners.get(uid) != OwnerState.SOLID).toList();
        if (!solid.isEmpty()) {
            return notSolid.isEmpty() ? new Keep() : new DropReferences(notSolid);
        }
        boolean waited = node.owners().stream().anyMatch(r -> owners.get(r.getUid()) == OwnerState.WAITING);
        if (waited && hasDependents) {
            return new Delete("Foreground"); // its own dependents block its owner too
        }
        if (node.finalizers().contains(Node.ORPHAN)) {
            return new Delete("Orphan");
        }
        if (node.finalizers().contains(Node.FOREGROUND)) {
            return new Delete("Foreground");
        }
        return new Delete("Background");
    }

    /**
     * Whether an owner being deleted in the foreground may go: none of its remaining dependents
     * references it with {@code blockOwnerDeletion: true}.
     */
    static boolean ownerMayGo(String ownerUid, List<Node> dependents) {
        return dependents.stream().map(d -> d.referenceTo(ownerUid))
                .noneMatch(ref -> ref != null && Boolean.TRUE.equals(ref.getBlockOwnerDeletion()));
    }
}
