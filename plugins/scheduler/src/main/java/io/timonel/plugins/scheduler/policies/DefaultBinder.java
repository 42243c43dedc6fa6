package io.timonel.plugins.scheduler.policies;

import io.timonel.spi.scheduler.Bind;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.concurrent.CompletionStage;

/** Binds through the API: POST {@code pods/{name}/binding}. */
public final class DefaultBinder implements Bind {

    public static final String NAME = "DefaultBinder";
    private final ClusterAccess cluster;

    public DefaultBinder(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Status> bind(CycleState state, PodInfo pod, String nodeName) {
        return cluster.bind(pod.pod(), nodeName);
    }
}
