package io.timonel.plugins.controllers.hpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the replicas the metrics want into the replicas an autoscaler sets, as Kubernetes'
 * {@code normalizeDesiredReplicasWithBehaviors}: first stabilization (within the scale-up window
 * the lowest recent recommendation, within the scale-down window the highest, so that flapping
 * metrics do not flap the workload), then the rate policies over recent scale events, then
 * min/max. Holds one autoscaler's history; not thread-safe (one worker handles a key at a time).
 */
final class Normalizer {
    /** A past recommendation or scale event. */
    record Stamped(int value, Instant at) {
    }

    /**
     * @param replicas            the replicas to set
     * @param stabilized          the recommendation after stabilization
     * @param stabilizeReason     AbleToScale's reason (ScaleUpStabilized, ScaleDownStabilized, ReadyForNewScale)
     * @param stabilizeMessage    its message
     * @param limitReason         ScalingLimited's reason (DesiredWithinRange, ScaleUpLimit, TooManyReplicas, ...)
     * @param limitMessage        its message
     */
    record Decision(int replicas, int stabilized, String stabilizeReason, String stabilizeMessage,
                    String limitReason, String limitMessage) {
        boolean limited() {
            return replicas != stabilized;
        }
    }

    private final List<Stamped> recommendations = new ArrayList<>();
    private final List<Stamped> scaleUps = new ArrayList<>();
    private final List<Stamped> scaleDowns = new ArrayList<>();

    Decision normalize(int current, int desired, int min, int max, ScalingRules up, ScalingRules down, Instant now) {
        if (recommendations.isEmpty() && down.windowSeconds() > 0) {
            recommendations.add(new Stamped(current, now)); // a controller just started does not scale down at once
        }
        Instant upCutoff = now.minusSeconds(up.windowSeconds());
        Instant downCutoff = now.minusSeconds(down.windowSeconds());
        int upRecommendation = desired;
        int downRecommendation = desired;
        for (Stamped r : recommendations) {
            if (r.at().isAfter(upCutoff)) {
                upRecommendation = Math.min(upRecommendation, r.value());
            }
            if (r.at().isAfter(downCutoff)) {
                downRecommendation = Math.max(downRecommendation, r.value());
            }
        }
        int stabilized = current;
        if (stabilized < upRecommendation) {
            stabilized = upRecommendation;
        }
        if (stabilized > downRecommendation) {
            stabilized = downRecommendation;
        }
        Instant oldest = now.minusSeconds(Math.max(up.windowSeconds(), down.windowSeconds()));
        recommendations.removeIf(r -> !r.at().isAfter(oldest));
        recommendations.add(new Stamped(desired, now));
        String reason;
        String message;
        if (stabilized == desired) {
            reason = "ReadyForNewScale";
            message = "recommended size matches current size";
        } else if (desired > stabilized) {
            reason = "ScaleUpStabilized";
            message = "recent recommendations were lower than current one, applying the lowest recent recommendation";
        } else {
            reason = "ScaleDownStabilized";
            message = "recent recommendations were higher than current one, applying the highest recent recommendation";
        }
        return limit(current, stabilized, min, max, up, down, now, reason, message);
    }

    private Decision limit(int current, int desired, int min, int max, ScalingRules up, ScalingRules down, Instant now,
                           String stabilizeReason, String stabilizeMessage) {
        int stabilized = desired;
        if (desired > current) {
            int upLimit = Math.max(current, upLimit(current, up, now));
            if (max > upLimit) {
                if (desired > upLimit) {
                    return new Decision(upLimit, stabilized, stabilizeReason, stabilizeMessage, "ScaleUpLimit",
                            "the desired replica count is increasing faster than the maximum scale rate");
                }
            } else if (desired > max) {
                return new Decision(max, stabilized, stabilizeReason, stabilizeMessage, "TooManyReplicas",
                        "the desired replica count is more than the maximum replica count");
            }
        } else if (desired < current) {
            int downLimit = Math.min(current, downLimit(current, down, now));
            if (min < downLimit) {
                if (desired < downLimit) {
                    return new Decision(downLimit, stabilized, stabilizeReason, stabilizeMessage, "ScaleDownLimit",
                            "the desired replica count is decreasing faster than the maximum scale rate");
                }
            } else if (desired < min) {
                return new Decision(min, stabilized, stabilizeReason, stabilizeMessage, "TooFewReplicas",
                        "the desired replica count is less than the minimum replica count");
            }
        }
        return new Decision(desired, stabilized, stabilizeReason, stabilizeMessage, "DesiredWithinRange",
                "the desired count is within the acceptable range");
    }

    private int upLimit(int current, ScalingRules rules, Instant now) {
        if ("Disabled".equals(rules.selectPolicy())) {
            return current;
        }
        boolean min = "Min".equals(rules.selectPolicy());
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingRules.Policy p : rules.policies()) {
            int start = current - changeWithin(scaleUps, p.periodSeconds(), now);
            int proposed = "Pods".equals(p.type()) ? start + p.value()
                    : (int) Math.ceil(start * (1 + p.value() / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private int downLimit(int current, ScalingRules rules, Instant now) {
        if ("Disabled".equals(rules.selectPolicy())) {
            return current;
        }
        boolean min = "Min".equals(rules.selectPolicy());
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingRules.Policy p : rules.policies()) {
            int start = current + changeWithin(scaleDowns, p.periodSeconds(), now);
            int proposed = "Pods".equals(p.type()) ? start - p.value() : (int) (start * (1 - p.value() / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int changeWithin(List<Stamped> events, int periodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        return events.stream().filter(e -> e.at().isAfter(cutoff)).mapToInt(Stamped::value).sum();
    }

    /** Records a rescale, which the rate policies count. */
    void scaled(int from, int to, Instant now) {
        Instant old = now.minusSeconds(3600);
        scaleUps.removeIf(e -> e.at().isBefore(old));
        scaleDowns.removeIf(e -> e.at().isBefore(old));
        if (to > from) {
            scaleUps.add(new Stamped(to - from, now));
        } else if (to < from) {
            scaleDowns.add(new Stamped(from - to, now));
        }
    }
}
