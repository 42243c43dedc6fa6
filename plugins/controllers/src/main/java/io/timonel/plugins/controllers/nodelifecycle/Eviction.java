package io.timonel.plugins.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What taint-based eviction does with a pod on a node with NoExecute taints, as Kubernetes'
 * taint eviction controller: a taint the pod does not tolerate evicts it at once; if it tolerates
 * them all, it is evicted after the least {@code tolerationSeconds} among the tolerations used (zero
 * or negative: at once), and never if none of them sets a limit.
 */
sealed interface Eviction {
    /** No NoExecute taint, or every one tolerated forever. */
    record Never() implements Eviction {
    }

    /** Evict once {@code delay} has passed since the taints were first seen on the pod's node. */
    record After(Duration delay) implements Eviction {
    }

    static Eviction of(Pod pod, List<Taint> noExecuteTaints) {
        if (noExecuteTaints.isEmpty()) {
            return new Never();
        }
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        List<Toleration> used = new ArrayList<>();
        for (Taint taint : noExecuteTaints) {
            Toleration match = tolerations.stream().filter(t -> tolerates(t, taint)).findFirst().orElse(null);
            if (match == null) {
                return new After(Duration.ZERO);
            }
            used.add(match);
        }
        long min = Long.MAX_VALUE;
        for (Toleration t : used) {
            if (t.getTolerationSeconds() != null) {
                if (t.getTolerationSeconds() <= 0) {
                    return new After(Duration.ZERO);
                }
                min = Math.min(min, t.getTolerationSeconds());
            }
        }
        return min == Long.MAX_VALUE ? new Never() : new After(Duration.ofSeconds(min));
    }

    /** Kubernetes' {@code ToleratesTaint}: an empty key with Exists tolerates everything. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
                && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (toleration.getKey() != null && !toleration.getKey().isEmpty() && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty() ? "Equal"
                : toleration.getOperator();
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> (toleration.getValue() == null ? "" : toleration.getValue())
                    .equals(taint.getValue() == null ? "" : taint.getValue());
            default -> false;
        };
    }
}
