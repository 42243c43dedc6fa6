package io.timonel.plugins.controllers.hpa;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;

/**
 * One direction of an autoscaler's {@code behavior}, with Kubernetes' defaults filled in: scaling
 * up, no stabilization and at most +4 pods or +100% per 15s (whichever is more); scaling down, a
 * 300s stabilization window and at most -100% per 15s.
 *
 * @param windowSeconds the stabilization window
 * @param selectPolicy  Max, Min or Disabled
 * @param policies      the rate limits
 */
record ScalingRules(int windowSeconds, String selectPolicy, List<Policy> policies) {

    /** {@code type} Pods or Percent, {@code value} per {@code periodSeconds}. */
    record Policy(String type, int value, int periodSeconds) {
    }

    static ScalingRules up(HorizontalPodAutoscalerBehavior behavior) {
        return of(behavior == null ? null : behavior.getScaleUp(), 0,
                List.of(new Policy("Pods", 4, 15), new Policy("Percent", 100, 15)));
    }

    static ScalingRules down(HorizontalPodAutoscalerBehavior behavior, int defaultWindow) {
        return of(behavior == null ? null : behavior.getScaleDown(), defaultWindow, List.of(new Policy("Percent", 100, 15)));
    }

    private static ScalingRules of(HPAScalingRules rules, int defaultWindow, List<Policy> defaultPolicies) {
        if (rules == null) {
            return new ScalingRules(defaultWindow, "Max", defaultPolicies);
        }
        int window = rules.getStabilizationWindowSeconds() == null ? defaultWindow : rules.getStabilizationWindowSeconds();
        String select = rules.getSelectPolicy() == null ? "Max" : rules.getSelectPolicy();
        List<Policy> policies = rules.getPolicies() == null || rules.getPolicies().isEmpty() ? defaultPolicies
                : rules.getPolicies().stream().map(ScalingRules::policy).toList();
        return new ScalingRules(window, select, policies);
    }

    private static Policy policy(HPAScalingPolicy p) {
        return new Policy(p.getType(), p.getValue(), p.getPeriodSeconds());
    }
}
