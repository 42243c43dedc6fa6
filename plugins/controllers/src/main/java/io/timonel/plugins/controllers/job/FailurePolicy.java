package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec.podFailurePolicy}: the first rule matching a failed pod decides what its failure
 * means. Exit-code rules look at terminated containers with a non-zero exit code (init containers
 * first); condition rules at the pod's conditions.
 */
final class FailurePolicy {

    /** What a failed pod does to its job. */
    enum Action { FAIL_JOB, IGNORE, COUNT, FAIL_INDEX }

    /**
     * The decision for one failed pod.
     *
     * @param action  what the failure means
     * @param message for {@code FAIL_JOB}, the Failed condition's message; otherwise null
     */
    record Decision(Action action, String message) {
        static final Decision COUNT = new Decision(Action.COUNT, null);
    }

    private FailurePolicy() {
    }

    /** The decision of {@code policy} (which may be null: count every failure) for {@code pod}. */
    static Decision decide(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return Decision.COUNT;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            String matched = null;
            if (rule.getOnExitCodes() != null) {
                matched = matchExitCodes(rule.getOnExitCodes(), pod, i, rule.getAction());
            } else if (rule.getOnPodConditions() != null) {
                matched = matchConditions(rule.getOnPodConditions(), pod, i, rule.getAction());
            }
            if (matched != null) {
                return switch (rule.getAction()) {
                    case "FailJob" -> new Decision(Action.FAIL_JOB, matched);
                    case "Ignore" -> new Decision(Action.IGNORE, null);
                    case "FailIndex" -> new Decision(Action.FAIL_INDEX, matched);
                    default -> Decision.COUNT;
                };
            }
        }
        return Decision.COUNT;
    }

    private static String matchExitCodes(PodFailurePolicyOnExitCodesRequirement req, Pod pod, int index, String action) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus() != null) {
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
        }
        List<Integer> values = req.getValues() == null ? List.of() : req.getValues();
        for (ContainerStatus status : statuses) {
            if (req.getContainerName() != null && !req.getContainerName().equals(status.getName())) {
                continue;
            }
            if (status.getState() == null || status.getState().getTerminated() == null) {
                continue;
            }
            Integer code = status.getState().getTerminated().getExitCode();
            if (code == null || code == 0) {
                continue;
            }
            boolean in = values.contains(code);
            if ("In".equals(req.getOperator()) == in) {
                return "Container " + status.getName() + " for pod " + pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName() + " failed with exit code " + code + " matching " + action
                        + " rule at index " + index;
            }
        }
        return null;
    }

    private static String matchConditions(List<PodFailurePolicyOnPodConditionsPattern> patterns, Pod pod, int index,
                                          String action) {
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
            String wanted = pattern.getStatus() == null ? "True" : pattern.getStatus();
            for (PodCondition condition : conditions) {
                if (condition.getType().equals(pattern.getType()) && wanted.equals(condition.getStatus())) {
                    return "Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                            + " has condition " + condition.getType() + " matching " + action + " rule at index " + index;
                }
            }
        }
        return null;
    }
}
