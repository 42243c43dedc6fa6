package io.timonel.plugins.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The annotations a Deployment keeps on its ReplicaSets and itself: the revision number
 * ({@code kubectl rollout history/undo} read it), the revisions an RS was before (when a rollback
 * made it new again), and the desired/max replicas used for proportional scaling. Other
 * annotations of the Deployment (e.g. {@code kubernetes.io/change-cause}) are copied to its RSes.
 */
public final class Annotations {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");
    static final int MAX_HISTORY_CHARS = 2000;

    private Annotations() {
    }

    /** The revision number of {@code rs} (0 when absent or unreadable). */
    public static long revision(ReplicaSet rs) {
        return parse(rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(REVISION));
    }

    static long parse(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().mapToLong(Annotations::revision).max().orElse(0);
    }

    static Integer intAnnotation(ReplicaSet rs, String key) {
        String value = rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Sets on {@code rs} (mutated) the Deployment's annotations and {@code newRevision}, recording
     * the revision it had in the revision history; for a new RS also the replica annotations.
     * Returns whether anything changed.
     */
    static boolean applyToReplicaSet(Deployment d, ReplicaSet rs, long newRevision, boolean exists, int maxSurge) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(rs.getMetadata().getAnnotations());
        boolean changed = false;
        if (d.getMetadata().getAnnotations() != null) {
            for (Map.Entry<String, String> e : d.getMetadata().getAnnotations().entrySet()) {
                if (!NOT_COPIED.contains(e.getKey()) && !e.getValue().equals(annotations.get(e.getKey()))) {
                    annotations.put(e.getKey(), e.getValue());
                    changed = true;
                }
            }
        }
        String oldRevision = annotations.get(REVISION);
        long old = parse(oldRevision);
        if (old < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null && !oldRevision.isEmpty()) {
                String history = annotations.get(REVISION_HISTORY);
                String next = history == null || history.isEmpty() ? oldRevision : history + "," + oldRevision;
                while (next.length() > MAX_HISTORY_CHARS && next.contains(",")) {
                    next = next.substring(next.indexOf(',') + 1);
                }
                annotations.put(REVISION_HISTORY, next);
            }
        }
        rs.getMetadata().setAnnotations(annotations);
        if (!exists) {
            changed |= setReplicas(rs, RolloutMath.replicas(d), RolloutMath.replicas(d) + maxSurge);
        }
        return changed;
    }

    /** Sets desired- and max-replicas on {@code rs}; whether they changed. */
    static boolean setReplicas(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(rs.getMetadata().getAnnotations());
        boolean changed = !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
        annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
        annotations.put(MAX_REPLICAS, Integer.toString(max));
        rs.getMetadata().setAnnotations(annotations);
        return changed;
    }

    static boolean replicasNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        return annotations == null || !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
    }
}
