package io.timonel.plugins.controllers.hpa;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * Replicas wanted for one Resource metric, as Kubernetes' replica calculator: the usage ratio
 * (utilization over target, or average value over target) times the ready pods, unchanged within
 * the tolerance. Pods being deleted or failed are ignored; pending pods, and for cpu pods
 * {@link CpuReadiness} calls unready, are left out; so are pods without metrics. When some were left out, the ratio is recomputed assuming
 * conservatively that pods without metrics use the target (100% of request at least) when scaling
 * down and nothing when scaling up, and that unready pods use nothing when scaling up; if that
 * flips the direction or lands within tolerance, the count stays.
 */
final class ReplicaCalculator {
    private ReplicaCalculator() {
    }

    /**
     * A pod as the calculator sees it.
     *
     * @param request the pod's request of the resource in milli-units (null: some container has none)
     */
    record PodInfo(String name, boolean ignored, boolean unready, Long request) {
    }

    /** The outcome for one metric. */
    sealed interface Outcome {
    }

    /**
     * @param replicas    the proposal
     * @param utilization the current utilization in percent of request (null for an average-value target)
     * @param averageMilli the current average usage per pod, milli-units
     */
    record Proposal(int replicas, Integer utilization, long averageMilli) implements Outcome {
    }

    record Failure(String message) implements Outcome {
    }

    /** For a target utilization (percent of request). */
    static Outcome utilization(int currentReplicas, List<PodInfo> pods, Map<String, Long> usage, int target,
                               double tolerance, String resource) {
        return compute(currentReplicas, pods, usage, target, true, tolerance, resource);
    }

    /** For a target average value per pod (milli-units). */
    static Outcome averageValue(int currentReplicas, List<PodInfo> pods, Map<String, Long> usage, long targetMilli,
                                double tolerance, String resource) {
        return compute(currentReplicas, pods, usage, targetMilli, false, tolerance, resource);
    }

    private static Outcome compute(int current, List<PodInfo> pods, Map<String, Long> usage, long target,
                                   boolean utilization, double tolerance, String resource) {
        if (pods.isEmpty()) {
            return new Failure("no pods returned by selector while calculating replica count");
        }
        Map<String, Long> metrics = new HashMap<>();
        Map<String, Long> requests = new HashMap<>();
        Set<String> missing = new HashSet<>();
        Set<String> unready = new HashSet<>();
        int readyCount = 0;
        for (PodInfo pod : pods) {
            if (pod.ignored()) {
                continue;
            }
            Long value = usage.get(pod.name());
            if (value == null) {
                missing.add(pod.name());
                requests.put(pod.name(), pod.request());
                continue;
            }
            if (pod.unready()) {
                unready.add(pod.name());
                requests.put(pod.name(), pod.request());
                continue;
            }
            readyCount++;
            metrics.put(pod.name(), value);
            requests.put(pod.name(), pod.request());
        }
        if (metrics.isEmpty()) {
            return new Failure("did not receive metrics for targeted pods (pods might be unready)");
        }
        Ratio first = ratio(metrics, requests, target, utilization, resource);
        if (first.failure != null) {
            return new Failure(first.failure);
        }
        boolean scaleUpWithUnready = !unready.isEmpty() && first.ratio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (Math.abs(1.0 - first.ratio) <= tolerance) {
                return new Proposal(current, first.utilization, first.average);
            }
            return new Proposal((int) Math.ceil(first.ratio * readyCount), first.utilization, first.average);
        }
        if (first.ratio < 1.0) {
            for (String pod : missing) {
                Long request = requests.get(pod);
                metrics.put(pod, utilization ? (request == null ? 0 : request * Math.max(100, target) / 100) : target);
            }
        } else if (first.ratio > 1.0) {
            missing.forEach(pod -> metrics.put(pod, 0L));
        }
        if (scaleUpWithUnready) {
            unready.forEach(pod -> metrics.put(pod, 0L));
        }
        Ratio second = ratio(metrics, requests, target, utilization, resource);
        if (second.failure != null) {
            return new Failure(second.failure);
        }
        if (Math.abs(1.0 - second.ratio) <= tolerance || (first.ratio < 1.0 && second.ratio > 1.0)
                || (first.ratio > 1.0 && second.ratio < 1.0)) {
            return new Proposal(current, first.utilization, first.average);
        }
        int proposal = (int) Math.ceil(second.ratio * metrics.size());
        if ((second.ratio < 1.0 && proposal > current) || (second.ratio > 1.0 && proposal < current)) {
            return new Proposal(current, first.utilization, first.average);
        }
        return new Proposal(proposal, first.utilization, first.average);
    }

    private record Ratio(double ratio, Integer utilization, long average, String failure) {
    }

    private static Ratio ratio(Map<String, Long> metrics, Map<String, Long> requests, long target,
                               boolean utilization, String resource) {
        long total = 0;
        long requested = 0;
        for (Map.Entry<String, Long> m : metrics.entrySet()) {
            total += m.getValue();
            if (utilization) {
                Long request = requests.get(m.getKey());
                if (request == null) {
                    return new Ratio(0, null, 0, "missing request for " + resource + " in pod " + m.getKey());
                }
                requested += request;
            }
        }
        long average = total / metrics.size();
        if (!utilization) {
            return new Ratio((double) average / (double) target, null, average, null);
        }
        if (requested == 0) {
            return new Ratio(0, null, 0, "no requests for " + resource);
        }
        int percent = (int) (total * 100 / requested);
        return new Ratio((double) percent / (double) target, percent, average, null);
    }
}
