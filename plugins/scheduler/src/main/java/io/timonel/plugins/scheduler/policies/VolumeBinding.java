package io.timonel.plugins.scheduler.policies;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PreFilter;
import io.timonel.spi.scheduler.Snapshot;
import io.timonel.spi.scheduler.Status;
import java.util.List;
import java.util.Optional;

/**
 * The basics of volume binding: every PersistentVolumeClaim the pod mounts must exist and not be
 * deleted; it must be bound, unless its StorageClass binds {@code WaitForFirstConsumer} (then the
 * pod may go anywhere and the volume follows it). Volume topology is not checked.
 */
public final class VolumeBinding implements PreFilter {

    public static final String NAME = "VolumeBinding";
    static final Status UNBOUND = Status.unschedulable("pod has unbound immediate PersistentVolumeClaims").from(NAME);

    private final ClusterAccess cluster;

    public VolumeBinding(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Volume> volumes = pod.pod().getSpec().getVolumes();
        if (volumes == null || volumes.isEmpty()) {
            return Status.skip();
        }
        boolean any = false;
        for (Volume v : volumes) {
            if (v.getPersistentVolumeClaim() == null) {
                continue;
            }
            any = true;
            String claimName = v.getPersistentVolumeClaim().getClaimName();
            Optional<PersistentVolumeClaim> claim = cluster.claim(pod.namespace(), claimName);
            if (claim.isEmpty()) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" not found").from(NAME);
            }
            PersistentVolumeClaim pvc = claim.get();
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted").from(NAME);
            }
            boolean bound = pvc.getSpec() != null && pvc.getSpec().getVolumeName() != null
                    && !pvc.getSpec().getVolumeName().isEmpty();
            if (bound) {
                continue;
            }
            String className = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
            String mode = className == null ? "Immediate" : cluster.volumeBindingMode(className).orElse("Immediate");
            if (!mode.equals("WaitForFirstConsumer")) {
                return UNBOUND;
            }
        }
        return any ? Status.success() : Status.skip();
    }
}
