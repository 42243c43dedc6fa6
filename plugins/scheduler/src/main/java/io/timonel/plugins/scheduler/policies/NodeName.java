package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;

/** A pod that names its node ({@code spec.nodeName}) fits only there. */
public final class NodeName implements Filter {

    public static final String NAME = "NodeName";
    static final Status MISMATCH = Status.unresolvable("node(s) didn't match the requested node name").from(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        String wanted = pod.pod().getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.name()) ? Status.success() : MISMATCH;
    }
}
