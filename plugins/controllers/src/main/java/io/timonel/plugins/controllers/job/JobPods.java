package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** What the job controller reads from its pods. */
final class JobPods {
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";

    private JobPods() {
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    static boolean failed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    static boolean terminal(Pod pod) {
        return succeeded(pod) || failed(pod);
    }

    static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Running or waiting to run, and not on its way out. */
    static boolean active(Pod pod) {
        return !terminal(pod) && !deleting(pod);
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean tracked(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
    }

    /** The completion index of a pod of an Indexed job, or -1 when it has none that parses. */
    static int index(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(INDEX_ANNOTATION);
        if (value == null && pod.getMetadata().getLabels() != null) {
            value = pod.getMetadata().getLabels().get(INDEX_LABEL);
        }
        if (value == null || value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 9) {
            return -1;
        }
        return Integer.parseInt(value);
    }

    /** Failures of this pod's index before it was created ({@code backoffLimitPerIndex}). */
    static int indexFailureCount(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(INDEX_FAILURE_COUNT);
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Failures of {@code index} so far: the highest count among its pods, a failed pod adding its own. */
    static int failuresOfIndex(List<Pod> pods, int index) {
        int most = 0;
        for (Pod pod : pods) {
            if (index(pod) == index) {
                boolean failedPod = failed(pod) || (deleting(pod) && !succeeded(pod));
                most = Math.max(most, indexFailureCount(pod) + (failedPod ? 1 : 0));
            }
        }
        return most;
    }
}
