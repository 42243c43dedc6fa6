package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.env.Expansion;
import io.timonel.spi.runtime.ContainerConfig.EnvVar;
import io.timonel.spi.runtime.ContainerConfig.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodVolumes} in the agent's pods directory, laid out as the kubelet lays out its own:
 * <pre>
 *   &lt;podsDir&gt;/&lt;pod uid&gt;/volumes/kubernetes.io~empty-dir/&lt;volume&gt;
 *   &lt;podsDir&gt;/&lt;pod uid&gt;/volumes/kubernetes.io~configmap/&lt;volume&gt;    (also ~secret, ~downward-api, ~projected)
 * </pre>
 * hostPath and persistentVolumeClaim volumes are used where they are on the node (a claim's bound
 * PersistentVolume must be {@code hostPath} or {@code local} and may not be pinned to another node).
 *
 * <p>A pod's volumes are set up once, at its first {@link #mountsFor} (all of them, as the kubelet
 * mounts every volume before any container starts; a failure is retried at the next call); ConfigMap,
 * Secret, downward API and projected volumes are written through an {@link AtomicWriter} and
 * brought up to date by {@link #refresh}. {@code emptyDir.medium: Memory} is a tmpfs when the
 * {@link Mounter} can mount one (else a directory, and a warning is logged); Secret, downward API and
 * projected volumes are on tmpfs too when possible, to keep secrets off the disk.
 * ConfigMap, Secret, downward API and projected volumes are always mounted read-only, as in Kubernetes.
 *
 * <p>Thread-safe: calls for one pod are serialised, calls for different pods run in parallel.
 */
public final class DefaultPodVolumes implements PodVolumes {
    public static final String FAILED_MOUNT = "FailedMount";
    public static final String CONFIG_ERROR = "CreateContainerConfigError";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultPodVolumes.class);
    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private final VolumeSources sources;
    private final Path podsDir;
    private final String nodeName;
    private final Mounter mounter;
    private final AtomicWriter writer;
    private final ServiceAccountTokens tokens;
    private final Payloads payloads;
    private final ConcurrentMap<String, PodState> pods = new ConcurrentHashMap<>();

    /**
     * @param sources     ConfigMaps, Secrets, claims, PersistentVolumes and service account tokens
     * @param podsDir     the agent's pods directory (e.g. {@code <state dir>/pods}); created when missing
     * @param nodeName    this node's name (a PersistentVolume pinned to another node is refused)
     * @param allocatable the node's allocatable resources, for downward API limits a container leaves unset
     * @param mounter     tmpfs mounts ({@link LinuxMounter}, or {@link Mounter#NONE} for plain directories)
     * @param clock       the time source (version directory names, token renewal)
     * @param rootCaPem   the cluster CA (PEM) written as {@code ca.crt} for the {@code kube-root-ca.crt}
     *                    ConfigMap when the cluster has none; null for no such fallback
     */
    public DefaultPodVolumes(VolumeSources sources, Path podsDir, String nodeName,
                             Supplier<Map<String, Quantity>> allocatable, Mounter mounter, Clock clock, String rootCaPem) {
        this.sources = sources;
        this.podsDir = realPath(podsDir);
        this.nodeName = nodeName;
        this.mounter = mounter;
        this.writer = new AtomicWriter(clock);
        this.tokens = new ServiceAccountTokens(sources, clock);
        this.payloads = new Payloads(sources, tokens, allocatable, rootCaPem);
    }

    /** The agent's usual set-up: objects read through {@code client}, real tmpfs mounts, the system clock. */
    public static DefaultPodVolumes create(KubernetesClient client, Path podsDir, String nodeName,
                                           Supplier<Map<String, Quantity>> allocatable, String rootCaPem) {
        return new DefaultPodVolumes(new ApiVolumeSources(client), podsDir, nodeName, allocatable, new LinuxMounter(),
                Clock.systemUTC(), rootCaPem);
    }

    /** Where {@code volume} of the pod lives when the agent keeps it (emptyDir and API-data volumes). */
    public Path volumeDir(String podUid, Volume volume) {
        return podsDir.resolve(podUid).resolve("volumes").resolve(pluginDir(volume)).resolve(volume.getName());
    }

    @Override
    public Outcome<List<Mount>> mountsFor(Pod pod, Container container) {
        return mountsFor(pod, container, List.of());
    }

    @Override
    public Outcome<List<Mount>> mountsFor(Pod pod, Container container, List<EnvVar> env) {
        String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
        if (!validUid(uid)) {
            return Outcome.failed(FAILED_MOUNT, "pod has no usable uid: " + uid);
        }
        while (true) {
            PodState state = pods.computeIfAbsent(uid, u -> new PodState());
            synchronized (state) {
                if (state.removed) {
                    continue; // torn down meanwhile: start afresh
                }
                Outcome<Void> ready = setUp(pod, state);
                if (!ready.ok()) {
                    return Outcome.failed(ready.reason(), ready.message());
                }
                return mounts(pod, container, env, state);
            }
        }
    }

    /**
     * {@inheritDoc} A pod whose directory exists but that this instance has not set up (the agent
     * restarted and adopted its containers) gets its API-data volumes written now, so that updates
     * reach adopted pods too.
     */
    @Override
    public void refresh(Pod pod) {
        String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
        if (!validUid(uid)) {
            return;
        }
        PodState state = pods.get(uid);
        if (state == null) {
            if (!Files.isDirectory(podsDir.resolve(uid))) {
                return;
            }
            state = pods.computeIfAbsent(uid, u -> new PodState());
        }
        synchronized (state) {
            if (state.removed) {
                return;
            }
            for (Volume volume : volumes(pod)) {
                if (!Payloads.holdsApiData(volume)) {
                    continue;
                }
                Prepared prepared = state.volumes.get(volume.getName());
                Outcome<?> outcome;
                if (prepared == null) {
                    outcome = setUpQuietly(pod, volume);
                    if (outcome.ok()) {
                        state.volumes.put(volume.getName(), (Prepared) outcome.value());
                    }
                } else {
                    outcome = write(pod, volume, prepared.root());
                }
                if (!outcome.ok()) {
                    // as the kubelet: the files stay as they were until the source is back
                    LOG.debug("volume {} of pod {}/{} not refreshed: {}", volume.getName(),
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), outcome.message());
                }
            }
        }
    }

    /** The uids of the pods that have a directory here: after a restart, those no longer on the node are torn down. */
    public java.util.Set<String> podsOnDisk() {
        java.util.Set<String> uids = new java.util.TreeSet<>();
        if (!Files.isDirectory(podsDir)) {
            return uids;
        }
        try (var entries = Files.list(podsDir)) {
            entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> uids.add(p.getFileName().toString()));
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", podsDir, e.toString());
        }
        return uids;
    }

    /**
     * Unmounts what is mounted below the pod's directory ({@code <podsDir>/<uid>}) and deletes
     * that directory (without following symbolic links). If something stays mounted, the
     * directory is left in place and a warning logged, so that nothing mounted is deleted through.
     */
    @Override
    public void tearDown(String podUid) {
        if (!validUid(podUid)) {
            return;
        }
        PodState state = pods.remove(podUid);
        Object lock = state == null ? new Object() : state;
        synchronized (lock) {
            if (state != null) {
                state.removed = true;
            }
            tokens.forget(podUid);
            Path podDir = podsDir.resolve(podUid);
            for (Path mount : mounter.mountsUnder(podDir)) {
                Outcome<Path> unmounted = mounter.unmount(mount);
                if (!unmounted.ok()) {
                    LOG.warn("pod {}: {}", podUid, unmounted.message());
                }
            }
            List<Path> left = mounter.mountsUnder(podDir);
            if (!left.isEmpty()) {
                LOG.warn("pod {}: {} still mounted; its directory {} is kept", podUid, left, podDir);
                return;
            }
            try {
                AtomicWriter.deleteTree(podDir);
            } catch (IOException e) {
                LOG.warn("pod {}: cannot remove {}: {}", podUid, podDir, e.toString());
            }
        }
    }

    private Outcome<Void> setUp(Pod pod, PodState state) {
        for (Volume volume : volumes(pod)) {
            if (state.volumes.containsKey(volume.getName())) {
                continue;
            }
            Outcome<Prepared> prepared = setUpQuietly(pod, volume);
            if (!prepared.ok()) {
                return Outcome.failed(prepared.reason(), "MountVolume.SetUp failed for volume \"" + volume.getName()
                        + "\" : " + prepared.message());
            }
            state.volumes.put(volume.getName(), prepared.value());
        }
        return Outcome.of(null);
    }

    private Outcome<Prepared> setUpQuietly(Pod pod, Volume volume) {
        try {
            return setUp(pod, volume);
        } catch (IOException | RuntimeException e) {
            return Outcome.failed(FAILED_MOUNT, String.valueOf(e.getMessage()));
        }
    }

    private Outcome<Prepared> setUp(Pod pod, Volume volume) throws IOException {
        String uid = pod.getMetadata().getUid();
        if (volume.getEmptyDir() != null) {
            Path dir = createVolumeDir(uid, volume, 0777);
            EmptyDirVolumeSource src = volume.getEmptyDir();
            if ("Memory".equals(src.getMedium())) {
                Long size = src.getSizeLimit() == null ? null
                        : Quantity.getAmountInBytes(src.getSizeLimit()).longValue();
                Outcome<Path> tmpfs = mounter.mountTmpfs(dir, size);
                if (!tmpfs.ok()) {
                    LOG.warn("emptyDir {} of pod {}/{} (medium Memory) is a plain directory on disk: {}", volume.getName(),
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), tmpfs.message());
                } else {
                    Files.setPosixFilePermissions(dir, AtomicWriter.permissions(0777));
                }
            }
            return Outcome.of(new Prepared(dir, false));
        }
        if (volume.getHostPath() != null) {
            Outcome<Path> path = HostPaths.check(volume.getHostPath().getPath(), volume.getHostPath().getType());
            return path.ok() ? Outcome.of(new Prepared(path.value(), false)) : relay(path);
        }
        if (Payloads.holdsApiData(volume)) {
            Path dir = createVolumeDir(uid, volume, 0755);
            if (volume.getConfigMap() == null) {
                // Secrets and the like stay in memory when the node allows; a directory otherwise
                Outcome<Path> tmpfs = mounter.mountTmpfs(dir, null);
                if (!tmpfs.ok()) {
                    LOG.debug("volume {} of pod {}: on disk: {}", volume.getName(), uid, tmpfs.message());
                }
            }
            Outcome<Path> written = write(pod, volume, dir);
            return written.ok() ? Outcome.of(new Prepared(dir, true)) : relay(written);
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return claim(pod, volume);
        }
        return Outcome.failed(FAILED_MOUNT, "volume type is not supported by this node agent (supported: emptyDir, "
                + "configMap, secret, downwardAPI, projected, hostPath, persistentVolumeClaim)");
    }

    private Outcome<Prepared> claim(Pod pod, Volume volume) {
        String namespace = pod.getMetadata().getNamespace();
        String claimName = volume.getPersistentVolumeClaim().getClaimName();
        String prefix = "error processing PVC " + namespace + "/" + claimName + ": ";
        Optional<PersistentVolumeClaim> claim = sources.claim(namespace, claimName);
        if (claim.isEmpty()) {
            return Outcome.failed(FAILED_MOUNT, prefix + "failed to fetch PVC from API server: persistentvolumeclaims \""
                    + claimName + "\" not found");
        }
        PersistentVolumeClaim pvc = claim.get();
        String pvName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
        if (pvName == null || pvName.isEmpty() || (phase != null && !"Bound".equals(phase))) {
            return Outcome.failed(FAILED_MOUNT, prefix + "PVC is not bound");
        }
        Optional<PersistentVolume> pv = sources.persistentVolume(pvName);
        if (pv.isEmpty()) {
            return Outcome.failed(FAILED_MOUNT, prefix + "failed to fetch PV " + pvName
                    + " from API server: persistentvolumes \"" + pvName + "\" not found");
        }
        var spec = pv.get().getSpec();
        if (!affineToThisNode(pv.get())) {
            return Outcome.failed(FAILED_MOUNT, "volume node affinity conflict: PersistentVolume " + pvName
                    + " is not available on node " + nodeName);
        }
        boolean readOnly = Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
        Outcome<Path> path;
        if (spec.getHostPath() != null) {
            boolean fresh = !Files.exists(Path.of(spec.getHostPath().getPath()));
            path = HostPaths.check(spec.getHostPath().getPath(), spec.getHostPath().getType());
            if (fresh && path.ok() && Files.isDirectory(path.value())) {
                // a dynamically provisioned volume's directory is the claim's to use whatever user the
                // pod runs as, as local-path provisioners create it (0777)
                try {
                    Files.setPosixFilePermissions(path.value(), AtomicWriter.permissions(0777));
                } catch (IOException e) {
                    return Outcome.failed(FAILED_MOUNT, prefix + "cannot open " + path.value() + " to the pod: "
                            + e.getMessage());
                }
            }
        } else if (spec.getLocal() != null) {
            path = HostPaths.check(spec.getLocal().getPath(), "Directory");
        } else {
            return Outcome.failed(FAILED_MOUNT, "PersistentVolume " + pvName
                    + " is neither hostPath nor local: this node agent cannot mount it");
        }
        return path.ok() ? Outcome.of(new Prepared(path.value(), readOnly)) : relay(path);
    }

    /** False only when the PV's required node affinity names hostnames and this node is not among them. */
    private boolean affineToThisNode(PersistentVolume pv) {
        var affinity = pv.getSpec().getNodeAffinity();
        if (affinity == null || affinity.getRequired() == null || affinity.getRequired().getNodeSelectorTerms() == null) {
            return true;
        }
        boolean namesHosts = false;
        for (NodeSelectorTerm term : affinity.getRequired().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : term.getMatchExpressions() == null
                    ? List.<NodeSelectorRequirement>of() : term.getMatchExpressions()) {
                if (HOSTNAME_LABEL.equals(r.getKey()) && "In".equals(r.getOperator())) {
                    namesHosts = true;
                    if (r.getValues() != null && r.getValues().contains(nodeName)) {
                        return true;
                    }
                }
            }
        }
        return !namesHosts;
    }

    private Outcome<Path> write(Pod pod, Volume volume, Path dir) {
        Outcome<Map<String, FileContent>> files;
        try {
            files = payloads.of(pod, volume);
        } catch (RuntimeException e) {
            return Outcome.failed(FAILED_MOUNT, String.valueOf(e.getMessage()));
        }
        if (!files.ok()) {
            return relay(files);
        }
        try {
            writer.write(dir, files.value());
            return Outcome.of(dir);
        } catch (IOException | IllegalArgumentException e) {
            return Outcome.failed(FAILED_MOUNT, String.valueOf(e.getMessage()));
        }
    }

    private Outcome<List<Mount>> mounts(Pod pod, Container container, List<EnvVar> env, PodState state) {
        List<Mount> mounts = new ArrayList<>();
        Map<String, String> variables = new HashMap<>();
        env.forEach(v -> variables.put(v.name(), v.value()));
        for (VolumeMount vm : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Prepared volume = state.volumes.get(vm.getName());
            if (volume == null) {
                return Outcome.failed(CONFIG_ERROR, "cannot find volume \"" + vm.getName()
                        + "\" to mount into container \"" + container.getName() + "\"");
            }
            String subPath = vm.getSubPath();
            if (vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty()) {
                subPath = Expansion.expand(vm.getSubPathExpr(), variables::get);
            }
            Path host = volume.root();
            if (subPath != null && !subPath.isEmpty()) {
                Outcome<Path> sub = subPath(volume.root(), subPath);
                if (!sub.ok()) {
                    return Outcome.failed(sub.reason(), sub.message());
                }
                host = sub.value();
            }
            boolean readOnly = Boolean.TRUE.equals(vm.getReadOnly()) || volume.readOnly();
            mounts.add(new Mount(host.toString(), vm.getMountPath(), readOnly));
        }
        return Outcome.of(mounts);
    }

    /**
     * The host path of {@code subPath} in a volume: created as a directory when missing (as the
     * kubelet does), symbolic links resolved (so a ConfigMap key is bound as the file it is now,
     * which later updates do not reach, as in Kubernetes), and refused when it leads outside the volume.
     */
    private static Outcome<Path> subPath(Path root, String subPath) {
        Path relative = Path.of(subPath);
        if (relative.isAbsolute() || subPath.equals("..") || subPath.startsWith("../") || subPath.contains("/../")
                || subPath.endsWith("/..")) {
            return Outcome.failed(CONFIG_ERROR, "subPath \"" + subPath + "\" must be a relative path without '..'");
        }
        try {
            Path host = root.resolve(relative).normalize();
            if (!Files.exists(host)) {
                if (Files.isSymbolicLink(host)) {
                    return Outcome.failed(CONFIG_ERROR, "subPath \"" + subPath + "\" is a dangling symbolic link");
                }
                Files.createDirectories(host);
                Files.setPosixFilePermissions(host, Files.getPosixFilePermissions(root));
            }
            Path real = host.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return Outcome.failed(CONFIG_ERROR, "subPath \"" + subPath + "\" leads outside its volume");
            }
            return Outcome.of(real);
        } catch (IOException e) {
            return Outcome.failed(CONFIG_ERROR, "subPath \"" + subPath + "\": " + e.getMessage());
        }
    }

    private Path createVolumeDir(String uid, Volume volume, int mode) throws IOException {
        Path dir = volumeDir(uid, volume);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, AtomicWriter.permissions(mode));
        }
        return dir;
    }

    private static String pluginDir(Volume v) {
        if (v.getEmptyDir() != null) {
            return "kubernetes.io~empty-dir";
        } else if (v.getConfigMap() != null) {
            return "kubernetes.io~configmap";
        } else if (v.getSecret() != null) {
            return "kubernetes.io~secret";
        } else if (v.getDownwardAPI() != null) {
            return "kubernetes.io~downward-api";
        } else if (v.getProjected() != null) {
            return "kubernetes.io~projected";
        }
        return "kubernetes.io~other";
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    /** The directory as the mount table names it (symbolic links resolved), so that tmpfs mounts below it are found. */
    private static Path realPath(Path dir) {
        try {
            return Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            LOG.warn("cannot create the pods directory {}: {}", dir, e.toString());
            return dir.toAbsolutePath().normalize();
        }
    }

    private static boolean validUid(String uid) {
        return uid != null && !uid.isEmpty() && !uid.contains("/") && !uid.equals(".") && !uid.equals("..")
                && !uid.contains("\0");
    }

    private static <T> Outcome<T> relay(Outcome<?> failed) {
        return Outcome.failed(failed.reason(), failed.message());
    }

    /** A volume ready on the node: where it is, and whether containers get it read-only. */
    private record Prepared(Path root, boolean readOnly) {
    }

    /** What is set up for one pod; guarded by its own monitor. */
    private static final class PodState {
        final Map<String, Prepared> volumes = new LinkedHashMap<>();
        boolean removed;
    }
}
