package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.Container;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Score;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.Snapshot;

/**
 * Prefers nodes that already hold the pod's images: the sum of their sizes, each scaled by the
 * fraction of nodes holding it (so that an image everywhere does not pull every pod to one
 * node), mapped from 23 MB..1000 MB per container onto 0..100.
 */
public final class ImageLocality implements Score {

    public static final String NAME = "ImageLocality";
    static final long MIN_THRESHOLD = 23L * 1024 * 1024;
    static final long MAX_CONTAINER_THRESHOLD = 1000L * 1024 * 1024;

    private final SchedulerHandle handle;

    public ImageLocality(SchedulerHandle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        if (node.imageSizes().isEmpty()) {
            return 0;
        }
        Snapshot snapshot = handle.snapshot();
        long sum = 0;
        int containers = 0;
        for (Container c : pod.pod().getSpec().getContainers()) {
            containers++;
            String image = normalized(c.getImage());
            Long size = node.imageSizes().get(image);
            if (size != null) {
                sum += (long) (size * ((double) snapshot.nodesWithImage(image) / Math.max(1, snapshot.size())));
            }
        }
        long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
        sum = Math.max(MIN_THRESHOLD, Math.min(max, sum));
        return MAX_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }

    /** An image without tag or digest means {@code :latest}. */
    static String normalized(String image) {
        if (image == null) {
            return "";
        }
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }
}
