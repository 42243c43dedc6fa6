package io.timonel.plugins.simnodes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * Whether and how a simulated pod's containers exit. Pods owned by a Job, and pods annotated
 * {@code sim.timonel.io/exit-code}, run for the configured time and then exit: with the annotated
 * code, else 0. Other pods run until deleted.
 *
 * @param exitCode what the containers exit with
 */
record PodExit(int exitCode) {
    /** The annotation that makes a pod's containers exit with the given code. */
    static final String EXIT_CODE_ANNOTATION = "sim.timonel.io/exit-code";

    /** How {@code pod}'s containers will exit; empty when they run until the pod is deleted. */
    static Optional<PodExit> of(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String code = annotations == null ? null : annotations.get(EXIT_CODE_ANNOTATION);
        if (code != null) {
            try {
                return Optional.of(new PodExit(Integer.parseInt(code.strip())));
            } catch (NumberFormatException e) {
                return Optional.of(new PodExit(1)); // an unreadable code is a failure, visibly
            }
        }
        boolean ownedByJob = pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "Job".equals(o.getKind()) && o.getApiVersion() != null
                        && o.getApiVersion().startsWith("batch/"));
        return ownedByJob ? Optional.of(new PodExit(0)) : Optional.empty();
    }

    /**
     * The phase the pod ends in under {@code restartPolicy} (Always when unset), or empty when
     * the kubelet would restart its containers instead.
     */
    Optional<String> terminalPhase(String restartPolicy) {
        String policy = restartPolicy == null ? "Always" : restartPolicy;
        if (exitCode == 0) {
            return policy.equals("Always") ? Optional.empty() : Optional.of("Succeeded");
        }
        return policy.equals("Never") ? Optional.of("Failed") : Optional.empty();
    }

    /** The container state's reason: Completed for 0, Error otherwise, as container runtimes say. */
    String reason() {
        return exitCode == 0 ? "Completed" : "Error";
    }
}
