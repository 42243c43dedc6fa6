package io.timonel.plugins.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.timonel.plugins.controllers.kit.IntOrPercent;
import java.util.List;

/**
 * The arithmetic of a Deployment rollout, as Kubernetes' deployment util: surge and unavailability
 * bounds, how far the new ReplicaSet may grow, and when a rollout is complete or progressing.
 * Pure functions of their arguments.
 */
public final class RolloutMath {
    static final IntOrString DEFAULT_BOUND = new IntOrString("25%");

    private RolloutMath() {
    }

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    static int n(Integer value) {
        return value == null ? 0 : value;
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    /**
     * {maxSurge, maxUnavailable} resolved against {@code desired}: surge rounds up, unavailability
     * rounds down, and both zero means one may be unavailable (else no rollout could proceed).
     */
    public static int[] resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = IntOrPercent.scaled(maxSurge == null ? DEFAULT_BOUND : maxSurge, desired, true, 0);
        int unavailable = IntOrPercent.scaled(maxUnavailable == null ? DEFAULT_BOUND : maxUnavailable, desired, false, 0);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    private static int[] fenceposts(Deployment d) {
        var rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        return resolveFenceposts(rolling == null ? null : rolling.getMaxSurge(),
                rolling == null ? null : rolling.getMaxUnavailable(), replicas(d));
    }

    /** How many pods above the desired count a rollout may run (0 for Recreate). */
    public static int maxSurge(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
    }

    /** How many pods below the desired count may be unavailable (0 for Recreate or no replicas). */
    public static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas(d));
    }

    /** Sum of spec.replicas. */
    static int specReplicas(List<ReplicaSet> sets) {
        return sets.stream().mapToInt(RolloutMath::replicas).sum();
    }

    /** The size the new ReplicaSet may grow to now. */
    public static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        if (!isRollingUpdate(d)) {
            return replicas(d);
        }
        int current = specReplicas(all);
        int maxTotal = replicas(d) + IntOrPercent.scaled(
                d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null
                        || d.getSpec().getStrategy().getRollingUpdate().getMaxSurge() == null
                        ? DEFAULT_BOUND : d.getSpec().getStrategy().getRollingUpdate().getMaxSurge(),
                replicas(d), true, 0);
        if (current >= maxTotal) {
            return replicas(newRs);
        }
        int scaleUp = Math.min(maxTotal - current, replicas(d) - replicas(newRs));
        return replicas(newRs) + scaleUp;
    }

    /** All desired pods are updated, present and available, and the spec was observed. */
    public static boolean complete(Deployment d, DeploymentStatus status) {
        int want = replicas(d);
        return n(status.getUpdatedReplicas()) == want && n(status.getReplicas()) == want
                && n(status.getAvailableReplicas()) == want
                && nl(status.getObservedGeneration()) >= nl(d.getMetadata().getGeneration());
    }

    /** The new status shows progress over the deployment's current one. */
    public static boolean progressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(next.getReplicas()) - n(next.getUpdatedReplicas());
        return n(next.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(next.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(next.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    private static long nl(Long value) {
        return value == null ? 0 : value;
    }

    /**
     * How many replicas {@code rs} gains (or loses, negative) when a Deployment in the middle of a
     * rollout is scaled: its share of the change, by its size over the size the Deployment had
     * when it last wrote {@code max-replicas} on it.
     */
    static int proportion(int rsReplicas, Integer annotatedMax, int deploymentReplicas, int maxSurge,
                          int statusReplicas, int toAdd, int added) {
        if (rsReplicas == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction;
        if (deploymentReplicas == 0) {
            fraction = -rsReplicas;
        } else {
            int total = deploymentReplicas + maxSurge;
            int annotated = annotatedMax == null ? statusReplicas : annotatedMax;
            fraction = annotated == 0 ? 0 : (int) Math.round((double) rsReplicas * total / annotated) - rsReplicas;
        }
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }
}
