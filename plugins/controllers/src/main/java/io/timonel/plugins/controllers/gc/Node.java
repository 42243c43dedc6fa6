package io.timonel.plugins.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * One object in the garbage collector's graph: who it is, whom it names as owners, and whether
 * it is being deleted and with which finalizers.
 */
record Node(String uid, String apiVersion, String kind, String namespace, String name,
            List<OwnerReference> owners, boolean deleting, List<String> finalizers) {
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    static Node of(HasMetadata object) {
        var meta = object.getMetadata();
        return new Node(meta.getUid(), object.getApiVersion(), object.getKind(), meta.getNamespace(), meta.getName(),
                meta.getOwnerReferences() == null ? List.of() : List.copyOf(meta.getOwnerReferences()),
                meta.getDeletionTimestamp() != null,
                meta.getFinalizers() == null ? List.of() : List.copyOf(meta.getFinalizers()));
    }

    /** Being deleted, and waiting for its blocking dependents to go first. */
    boolean deletingDependents() {
        return deleting && finalizers.contains(FOREGROUND);
    }

    /** Being deleted, and waiting for its dependents to be let go. */
    boolean orphaningDependents() {
        return deleting && finalizers.contains(ORPHAN);
    }

    /** Its reference to {@code ownerUid}, if it has one. */
    OwnerReference referenceTo(String ownerUid) {
        return owners.stream().filter(r -> ownerUid.equals(r.getUid())).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (" + uid + ")";
    }
}
