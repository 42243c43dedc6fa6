package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.Filter;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PreFilter;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.util.List;

/** A pod asking for host ports fits only where none of them (protocol and port) is taken. */
public final class NodePorts implements PreFilter, Filter {

    public static final String NAME = "NodePorts";
    static final Status CONFLICT = Status.unschedulable("node(s) didn't have free ports for the requested pod ports").from(NAME);
    private static final CycleState.Key<List<String>> PORTS = new CycleState.Key<>("NodePorts.ports");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<String> ports = NodeInfo.hostPorts(pod);
        if (ports.isEmpty()) {
            return Status.skip();
        }
        state.write(PORTS, ports);
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> ports = state.read(PORTS);
        if (ports == null) {
            ports = NodeInfo.hostPorts(pod);
        }
        for (String port : ports) {
            if (node.usedPorts().contains(port)) {
                return CONFLICT;
            }
        }
        return Status.success();
    }
}
