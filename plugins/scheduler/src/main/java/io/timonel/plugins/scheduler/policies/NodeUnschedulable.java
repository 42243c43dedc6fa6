package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Taint;
import io.timonel.plugins.scheduler.match.Tolerations;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;

/** A cordoned node ({@code spec.unschedulable}) takes only pods that tolerate {@code node.kubernetes.io/unschedulable}. */
public final class NodeUnschedulable implements Filter {

    public static final String NAME = "NodeUnschedulable";
    static final Status CORDONED = Status.unresolvable("node(s) were unschedulable").from(NAME);
    private static final Taint UNSCHEDULABLE = new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.unschedulable() || Tolerations.tolerates(pod.pod().getSpec().getTolerations(), UNSCHEDULABLE)) {
            return Status.success();
        }
        return CORDONED;
    }
}
