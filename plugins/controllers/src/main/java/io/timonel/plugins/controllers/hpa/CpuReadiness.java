package io.timonel.plugins.controllers.hpa;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.timonel.plugins.controllers.kit.PodStates;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a pod's cpu sample is left out as "unready", as Kubernetes' replica calculator decides:
 * a pod without a Ready condition or start time is; within the cpu initialization period after it
 * started (5 minutes), it is while not ready or while its sample was taken before one metric window
 * had passed since readiness last changed (start-up bursts do not count); after that, only a pod
 * that is not ready and has never been ready (its readiness last changed within the initial
 * readiness delay, 30 seconds, of its start).
 */
final class CpuReadiness {
    private CpuReadiness() {
    }

    static boolean unready(Pod pod, PodMetricsSource.Sample sample, Instant now, Duration initialization,
                           Duration readinessDelay) {
        PodCondition ready = PodStates.condition(pod, "Ready").orElse(null);
        String start = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (ready == null || start == null) {
            return true;
        }
        Instant started = Instant.parse(start);
        Instant transitioned = ready.getLastTransitionTime() == null ? started : Instant.parse(ready.getLastTransitionTime());
        if (started.plus(initialization).isAfter(now)) {
            return "False".equals(ready.getStatus())
                    || (sample != null && sample.timestamp().isBefore(transitioned.plus(sample.window())));
        }
        return "False".equals(ready.getStatus()) && started.plus(readinessDelay).isAfter(transitioned);
    }
}
