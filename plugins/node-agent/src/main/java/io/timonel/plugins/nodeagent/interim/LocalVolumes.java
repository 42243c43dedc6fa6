package io.timonel.plugins.nodeagent.interim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.timonel.spi.runtime.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** emptyDir volumes as directories under the agent's state, and hostPath volumes; other kinds fail to mount. */
public final class LocalVolumes implements PodVolumes {
    private final Path root;

    /** @param root where pod volume directories go ({@code <root>/<uid>/<volume>}) */
    public LocalVolumes(Path root) {
        this.root = root;
    }

    @Override
    public Outcome<List<ContainerConfig.Mount>> mountsFor(Pod pod, Container container) {
        List<ContainerConfig.Mount> mounts = new ArrayList<>();
        if (container.getVolumeMounts() == null) {
            return Outcome.of(mounts);
        }
        for (VolumeMount m : container.getVolumeMounts()) {
            Volume v = pod.getSpec().getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst()
                    .orElse(null);
            if (v == null) {
                return Outcome.failed("FailedMount", "volume \"" + m.getName() + "\" not found");
            }
            Path host;
            if (v.getEmptyDir() != null) {
                host = root.resolve(pod.getMetadata().getUid()).resolve(v.getName());
                try {
                    Files.createDirectories(host);
                    host.toFile().setWritable(true, false);
                } catch (IOException e) {
                    return Outcome.failed("FailedMount", e.getMessage());
                }
            } else if (v.getHostPath() != null) {
                host = Path.of(v.getHostPath().getPath());
            } else {
                return Outcome.failed("FailedMount", "volume \"" + v.getName() + "\" is of a kind this node cannot mount yet");
            }
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                host = host.resolve(m.getSubPath());
            }
            mounts.add(new ContainerConfig.Mount(host.toString(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
        }
        return Outcome.of(mounts);
    }

    @Override
    public void refresh(Pod pod) {
    }

    @Override
    public void tearDown(String podUid) {
        Path dir = root.resolve(podUid);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
