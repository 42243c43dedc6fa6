package io.timonel.plugins.scheduler.framework;

import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.time.Clock;
import java.util.List;

/** The handle a profile's policies get: the snapshot of the running cycle, the cluster, the clock, the profile's filters. */
final class ProfileHandle implements SchedulerHandle {

    private final ClusterAccess cluster;
    private final Clock clock;
    private volatile Snapshot snapshot = Snapshot.of(List.of());
    private Profile profile;

    ProfileHandle(ClusterAccess cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    void attach(Profile owner) {
        this.profile = owner;
    }

    void use(Snapshot current) {
        this.snapshot = current;
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public ClusterAccess cluster() {
        return cluster;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        return profile.runFilters(state, pod, node);
    }
}
