package io.timonel.plugins.controllers.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.timonel.plugins.controllers.kit.Owners;
import io.timonel.plugins.controllers.kit.PodStates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The numbers of a PodDisruptionBudget's status, as Kubernetes' disruption controller computes
 * them over the pods its selector matches:
 * <ul>
 *   <li>{@code minAvailable: N} — desiredHealthy N, expectedPods the number of matching pods;</li>
 *   <li>{@code minAvailable: P%} — desiredHealthy P% of the expected pods rounded up;</li>
 *   <li>{@code maxUnavailable: N or P%} — desiredHealthy expected minus N (or P%, rounded up), not below 0;</li>
 * </ul>
 * where, for percentages and maxUnavailable, expectedPods is the sum of the scale of the pods'
 * controllers (a Deployment for pods of its ReplicaSets). currentHealthy counts ready pods not
 * being deleted; disruptionsAllowed is currentHealthy - desiredHealthy, and 0 when negative or
 * when no pod is expected.
 */
record BudgetStatus(int expectedPods, int desiredHealthy, int currentHealthy, int disruptionsAllowed,
                    List<String> unmanagedPods) {

    /** A pod's controller as the budget counts it: its identity (uid) and its desired replicas. */
    record Scale(String uid, int replicas) {
    }

    /** The outcome: the status, or why it could not be computed. */
    sealed interface Outcome {
    }

    record Computed(BudgetStatus status) implements Outcome {
    }

    record Failed(String reason) implements Outcome {
    }

    /**
     * @param pods  the pods the budget's selector matches
     * @param scale the scale of a pod's controller, from its controller reference (empty: not found)
     */
    static Outcome of(PodDisruptionBudget pdb, List<Pod> pods, Function<Pod, Optional<Scale>> scale) {
        return of(pdb, pods, scale, Set.of());
    }

    /**
     * As {@link #of(PodDisruptionBudget, List, Function)}, not counting as healthy the pods named in
     * {@code disrupted}: evicted by the API server, not yet seen going.
     */
    static Outcome of(PodDisruptionBudget pdb, List<Pod> pods, Function<Pod, Optional<Scale>> scale,
                      Set<String> disrupted) {
        IntOrString min = pdb.getSpec().getMinAvailable();
        IntOrString max = pdb.getSpec().getMaxUnavailable();
        int expected;
        int desired;
        List<String> unmanaged = new ArrayList<>();
        if (max == null && min != null && !isPercent(min)) {
            desired = min.getIntVal() == null ? 0 : min.getIntVal();
            expected = pods.size();
        } else {
            Map<String, Integer> controllers = new LinkedHashMap<>();
            for (Pod pod : pods) {
                Optional<OwnerReference> ref = Owners.controllerOf(pod);
                if (ref.isEmpty()) {
                    unmanaged.add(pod.getMetadata().getName());
                    continue;
                }
                Optional<Scale> s = scale.apply(pod);
                if (s.isEmpty()) {
                    return new Failed("found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
                }
                controllers.put(s.get().uid(), s.get().replicas());
            }
            expected = controllers.values().stream().mapToInt(Integer::intValue).sum();
            if (max != null) {
                desired = Math.max(0, expected - scaled(max, expected));
            } else if (min != null) {
                desired = scaled(min, expected);
            } else {
                desired = 0;
            }
        }
        int healthy = (int) pods.stream().filter(p -> !PodStates.isTerminating(p) && PodStates.isReady(p)
                && !disrupted.contains(p.getMetadata().getName())).count();
        int allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0) {
            allowed = 0;
        }
        return new Computed(new BudgetStatus(expected, desired, healthy, allowed, unmanaged));
    }

    /** How long an eviction the API server recorded in {@code disruptedPods} may wait to be seen, as Kubernetes. */
    static final Duration DISRUPTION_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The entries of {@code status.disruptedPods} still pending at {@code now}: their pod exists and
     * is not yet being deleted, and the eviction is younger than {@link #DISRUPTION_TIMEOUT}.
     */
    static Map<String, String> pendingDisruptions(Map<String, String> recorded, List<Pod> pods, Instant now) {
        Map<String, String> pending = new TreeMap<>();
        if (recorded == null) {
            return pending;
        }
        Map<String, Pod> byName = new java.util.HashMap<>();
        pods.forEach(p -> byName.put(p.getMetadata().getName(), p));
        recorded.forEach((name, when) -> {
            Pod pod = byName.get(name);
            if (pod != null && !PodStates.isTerminating(pod) && evictedWithin(when, now)) {
                pending.put(name, when);
            }
        });
        return pending;
    }

    private static boolean evictedWithin(String when, Instant now) {
        try {
            return Instant.parse(when).plus(DISRUPTION_TIMEOUT).isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    static boolean isPercent(IntOrString value) {
        return value.getStrVal() != null && value.getStrVal().endsWith("%");
    }

    /** Kubernetes' {@code GetScaledValueFromIntOrPercent} rounding up. */
    static int scaled(IntOrString value, int total) {
        if (value.getStrVal() == null) {
            return value.getIntVal() == null ? 0 : value.getIntVal();
        }
        String text = value.getStrVal();
        if (!text.endsWith("%")) {
            return Integer.parseInt(text);
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * (double) total / 100.0);
    }
}
