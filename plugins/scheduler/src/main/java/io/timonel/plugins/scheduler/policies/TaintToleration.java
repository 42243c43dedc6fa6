package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.timonel.plugins.scheduler.match.Tolerations;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.NodeScores;
import io.timonel.spi.scheduler.NormalizeScore;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.List;

/**
 * Filters out nodes with a {@code NoSchedule} or {@code NoExecute} taint the pod does not
 * tolerate; scores down nodes by their untolerated {@code PreferNoSchedule} taints.
 */
public final class TaintToleration implements Filter, NormalizeScore {

    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<Taint> taints = node.taints();
        if (taints.isEmpty()) {
            return Status.success();
        }
        List<Toleration> tolerations = pod.pod().getSpec().getTolerations();
        for (Taint taint : taints) {
            String effect = taint.getEffect();
            if (("NoSchedule".equals(effect) || "NoExecute".equals(effect)) && !Tolerations.tolerates(tolerations, taint)) {
                return Status.unresolvable("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}").from(NAME);
            }
        }
        return Status.success();
    }

    /** The number of untolerated PreferNoSchedule taints; fewer is better (see normalize). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long count = 0;
        for (Taint taint : node.taints()) {
            if ("PreferNoSchedule".equals(taint.getEffect())) {
                List<Toleration> tolerations = pod.pod().getSpec().getTolerations();
                boolean tolerated = false;
                if (tolerations != null) {
                    for (Toleration t : tolerations) {
                        // only tolerations for PreferNoSchedule (or any effect) count here
                        if ((t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect()))
                                && Tolerations.tolerates(t, taint)) {
                            tolerated = true;
                            break;
                        }
                    }
                }
                if (!tolerated) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, NodeScores scores) {
        scores.normalize(true);
    }
}
