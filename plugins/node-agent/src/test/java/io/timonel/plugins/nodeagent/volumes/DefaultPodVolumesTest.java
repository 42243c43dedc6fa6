package io.timonel.plugins.nodeagent.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.ContainerConfig.EnvVar;
import io.timonel.spi.runtime.ContainerConfig.Mount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultPodVolumesTest {
    static final String UID = "0a1b2c3d-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;
    final FakeVolumeSources sources = new FakeVolumeSources();
    final FakeMounter mounter = new FakeMounter();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    DefaultPodVolumes volumes() {
        sources.clock = clock;
        return new DefaultPodVolumes(sources, tmp.resolve("pods"), "node-1",
                () -> Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")), mounter, clock, "CA PEM");
    }

    // ---- configMap ----------------------------------------------------------------------------

    @Test
    void configMapVolumeHoldsEveryKeyAsAReadOnlyFileWithMode0644() throws Exception {
        sources.put(configMap("app", Map.of("key", "from-configmap", "other", "2")));
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), container(mount("cfg", "/etc/cfg")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertTrue(mounts.ok(), mounts.message());
        Mount m = mounts.value().get(0);
        assertEquals("/etc/cfg", m.containerPath());
        assertTrue(m.readOnly(), "configMap volumes are read-only");
        Path dir = Path.of(m.hostPath());
        assertEquals(tmp.resolve("pods").resolve(UID).resolve("volumes/kubernetes.io~configmap/cfg").toAbsolutePath(), dir);
        assertEquals("from-configmap", Files.readString(dir.resolve("key")));
        assertTrue(Files.isSymbolicLink(dir.resolve("key")));
        assertEquals(0644, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("key"))));
        assertTrue(mounter.tmpfs.isEmpty(), "configMaps stay on disk");
    }

    @Test
    void itemsChoosePathsAndModesAndDefaultModeAppliesToTheRest() throws Exception {
        sources.put(configMap("app", Map.of("a", "A", "b", "B", "c", "C")));
        Volume v = new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").withDefaultMode(0400)
                .addNewItem().withKey("a").withPath("conf/a.txt").withMode(0600).endItem()
                .addNewItem().withKey("b").withPath("b.txt").endItem()
                .endConfigMap().build();
        Pod pod = pod(List.of(v), container(mount("cfg", "/etc/cfg")));

        Path dir = Path.of(volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        assertEquals("A", Files.readString(dir.resolve("conf/a.txt")));
        assertEquals(0600, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("conf/a.txt"))));
        assertEquals(0400, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("b.txt"))));
        assertFalse(Files.exists(dir.resolve("c"), LinkOption.NOFOLLOW_LINKS), "only the listed items");
    }

    @Test
    void anUpdatedConfigMapReachesTheFilesAtomicallyOnRefresh() throws Exception {
        sources.put(configMap("app", Map.of("key", "v1", "dropped", "x")));
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), container(mount("cfg", "/etc/cfg")));
        DefaultPodVolumes volumes = volumes();
        Path dir = Path.of(volumes.mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());
        Path firstVersion = Files.readSymbolicLink(dir.resolve("..data"));

        sources.put(configMap("app", Map.of("key", "v2", "added", "y")));
        clock.advance(Duration.ofSeconds(5));
        volumes.refresh(pod);

        assertEquals("v2", Files.readString(dir.resolve("key")));
        assertEquals("y", Files.readString(dir.resolve("added")));
        assertFalse(Files.exists(dir.resolve("dropped"), LinkOption.NOFOLLOW_LINKS));
        assertNotEquals(firstVersion, Files.readSymbolicLink(dir.resolve("..data")));
        assertFalse(Files.exists(dir.resolve(firstVersion)), "the old version is removed");
    }

    @Test
    void aConfigMapDeletedAfterSetUpKeepsItsFilesOnRefresh() throws Exception {
        sources.put(configMap("app", Map.of("key", "v1")));
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), container(mount("cfg", "/etc/cfg")));
        DefaultPodVolumes volumes = volumes();
        Path dir = Path.of(volumes.mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        sources.configMaps.clear();
        volumes.refresh(pod);

        assertEquals("v1", Files.readString(dir.resolve("key")));
    }

    @Test
    void anAgentRestartedBesideARunningPodStillRefreshesItsFiles() throws Exception {
        sources.put(configMap("app", Map.of("key", "v1")));
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), container(mount("cfg", "/etc/cfg")));
        Path dir = Path.of(volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        DefaultPodVolumes restarted = volumes();
        assertEquals(java.util.Set.of(UID), restarted.podsOnDisk());
        sources.put(configMap("app", Map.of("key", "v2")));
        restarted.refresh(pod);

        assertEquals("v2", Files.readString(dir.resolve("key")));
    }

    @Test
    void refreshingAPodNeverSetUpWritesNothing() {
        sources.put(configMap("app", Map.of("key", "v1")));
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), container(mount("cfg", "/etc/cfg")));

        volumes().refresh(pod);

        assertFalse(Files.exists(tmp.resolve("pods").resolve(UID)));
    }

    @Test
    void aMissingConfigMapFailsTheMountWithKubernetesMessage() {
        Pod pod = pod(List.of(configMapVolume("cfg", "absent")), container(mount("cfg", "/etc/cfg")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertEquals("FailedMount", mounts.reason());
        assertEquals("MountVolume.SetUp failed for volume \"cfg\" : configmap \"absent\" not found", mounts.message());
    }

    @Test
    void aMissingConfigMapThatAppearsLaterIsMountedOnTheNextCall() throws Exception {
        Pod pod = pod(List.of(configMapVolume("cfg", "late")), container(mount("cfg", "/etc/cfg")));
        DefaultPodVolumes volumes = volumes();
        assertFalse(volumes.mountsFor(pod, pod.getSpec().getContainers().get(0)).ok());

        sources.put(configMap("late", Map.of("k", "v")));

        Outcome<List<Mount>> mounts = volumes.mountsFor(pod, pod.getSpec().getContainers().get(0));
        assertTrue(mounts.ok(), mounts.message());
        assertEquals("v", Files.readString(Path.of(mounts.value().get(0).hostPath()).resolve("k")));
    }

    @Test
    void anOptionalMissingConfigMapIsAnEmptyVolume() throws Exception {
        Volume v = new VolumeBuilder().withName("cfg").withNewConfigMap().withName("absent").withOptional(true)
                .endConfigMap().build();
        Pod pod = pod(List.of(v), container(mount("cfg", "/etc/cfg")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertTrue(mounts.ok(), mounts.message());
        try (var entries = Files.list(Path.of(mounts.value().get(0).hostPath()))) {
            assertTrue(entries.allMatch(p -> p.getFileName().toString().startsWith("..")));
        }
    }

    @Test
    void anItemNamingAMissingKeyFails() {
        sources.put(configMap("app", Map.of("a", "A")));
        Volume v = new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app")
                .addNewItem().withKey("nope").withPath("x").endItem().endConfigMap().build();
        Pod pod = pod(List.of(v), container(mount("cfg", "/etc/cfg")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertEquals("MountVolume.SetUp failed for volume \"cfg\" : configmap references non-existent config key: nope",
                mounts.message());
    }

    // ---- secret, downwardAPI, projected ------------------------------------------------------------

    @Test
    void secretVolumeHoldsDecodedKeysOnTmpfs() throws Exception {
        sources.put(new SecretBuilder().withNewMetadata().withName("app-secret").withNamespace("default").endMetadata()
                .addToData("token", b64("s3cret-token")).build());
        Volume v = new VolumeBuilder().withName("secret").withNewSecret().withSecretName("app-secret").endSecret().build();
        Pod pod = pod(List.of(v), container(mount("secret", "/etc/secret")));

        Mount m = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0);

        Path dir = Path.of(m.hostPath());
        assertEquals("s3cret-token", Files.readString(dir.resolve("token")));
        assertEquals(0644, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("token"))));
        assertTrue(m.readOnly());
        assertTrue(mounter.tmpfs.containsKey(dir), "secrets are kept in memory");
        assertTrue(dir.toString().contains("kubernetes.io~secret"));
    }

    @Test
    void aMissingSecretFailsWithKubernetesMessage() {
        Volume v = new VolumeBuilder().withName("s").withNewSecret().withSecretName("nope").endSecret().build();
        Pod pod = pod(List.of(v), container(mount("s", "/s")));

        assertEquals("MountVolume.SetUp failed for volume \"s\" : secret \"nope\" not found",
                volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).message());
    }

    @Test
    void downwardApiWritesPodFieldsAndResources() throws Exception {
        Volume v = new VolumeBuilder().withName("info").withNewDownwardAPI()
                .addNewItem().withPath("name").withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem()
                .addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem()
                .addNewItem().withPath("mem").withNewResourceFieldRef().withContainerName("app")
                .withResource("limits.memory").withDivisor(new Quantity("1Mi")).endResourceFieldRef().endItem()
                .endDownwardAPI().build();
        Pod pod = pod(List.of(v), container(mount("info", "/etc/info")));
        pod.getMetadata().setLabels(Map.of("app", "web", "tier", "front \"end\""));

        Path dir = Path.of(volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        assertEquals("reader", Files.readString(dir.resolve("name")));
        assertEquals("app=\"web\"\ntier=\"front \\\"end\\\"\"", Files.readString(dir.resolve("labels")));
        assertEquals("8192", Files.readString(dir.resolve("mem")), "no limit: the node's allocatable 8Gi");
    }

    @Test
    void projectedVolumeCombinesSourcesAndWritesAToken() throws Exception {
        sources.put(configMap("app", Map.of("a", "A")));
        sources.put(new SecretBuilder().withNewMetadata().withName("s").withNamespace("default").endMetadata()
                .addToData("b", b64("B")).build());
        Volume v = new VolumeBuilder().withName("all").withNewProjected()
                .addNewSource().withNewConfigMap().withName("app").endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("s").endSecret().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("ns").withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3600L)
                .endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").endConfigMap().endSource()
                .endProjected().build();
        Pod pod = pod(List.of(v), container(mount("all", "/var/run/all")));
        DefaultPodVolumes volumes = volumes();

        Path dir = Path.of(volumes.mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        assertEquals("A", Files.readString(dir.resolve("a")));
        assertEquals("B", Files.readString(dir.resolve("b")));
        assertEquals("default", Files.readString(dir.resolve("ns")));
        assertEquals("token-1-for-default-", Files.readString(dir.resolve("token")));
        assertEquals("CA PEM", Files.readString(dir.resolve("ca.crt")), "kube-root-ca.crt falls back to the agent's CA");

        volumes.refresh(pod);
        assertEquals(1, sources.tokenRequests, "a fresh token is not requested again");
        clock.advance(Duration.ofMinutes(49));
        volumes.refresh(pod);
        assertEquals("token-2-for-default-", Files.readString(dir.resolve("token")), "renewed after 80% of its life");
    }

    @Test
    void whereTokenRequestIsNotServedTheTokenFileSaysSo() throws Exception {
        sources.tokensServed = false;
        Volume v = new VolumeBuilder().withName("t").withNewProjected().addNewSource().withNewServiceAccountToken()
                .withPath("token").endServiceAccountToken().endSource().endProjected().build();
        Pod pod = pod(List.of(v), container(mount("t", "/t")));

        Path dir = Path.of(volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value().get(0).hostPath());

        assertTrue(Files.readString(dir.resolve("token")).contains("TokenRequest"));
    }

    // ---- emptyDir, hostPath, persistentVolumeClaim --------------------------------------------------

    @Test
    void emptyDirIsAWritableDirectoryAndMemoryMediumIsATmpfsWithItsSizeLimit() throws Exception {
        Volume disk = new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
        Volume memory = new VolumeBuilder().withName("mem").withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity("64Mi")).endEmptyDir().build();
        Pod pod = pod(List.of(disk, memory), container(mount("scratch", "/scratch"), mount("mem", "/mem")));

        List<Mount> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).value();

        Path scratch = Path.of(mounts.get(0).hostPath());
        assertTrue(Files.isDirectory(scratch));
        assertEquals(0777, AtomicWriter.mode(Files.getPosixFilePermissions(scratch)));
        assertFalse(mounts.get(0).readOnly());
        assertEquals(64L * 1024 * 1024, mounter.tmpfs.get(Path.of(mounts.get(1).hostPath())));
        assertFalse(mounter.tmpfs.containsKey(scratch));
    }

    @Test
    void memoryEmptyDirFallsBackToADirectoryWhereMountingIsRefused() {
        mounter.allowed = false;
        Volume memory = new VolumeBuilder().withName("mem").withNewEmptyDir().withMedium("Memory").endEmptyDir().build();
        Pod pod = pod(List.of(memory), container(mount("mem", "/mem")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertTrue(mounts.ok());
        assertTrue(Files.isDirectory(Path.of(mounts.value().get(0).hostPath())));
    }

    @Test
    void hostPathTypesAreChecked() throws Exception {
        Path created = tmp.resolve("host/new-dir");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Pod ok = pod(List.of(hostPath("d", created.toString(), "DirectoryOrCreate"),
                hostPath("f", file.toString(), "File")), container(mount("d", "/d"), mount("f", "/f")));

        List<Mount> mounts = volumes().mountsFor(ok, ok.getSpec().getContainers().get(0)).value();

        assertTrue(Files.isDirectory(created));
        assertEquals(created.toString(), mounts.get(0).hostPath());
        assertEquals(file.toString(), mounts.get(1).hostPath());

        Pod wrong = pod(List.of(hostPath("d", file.toString(), "Directory")), container(mount("d", "/d")));
        wrong.getMetadata().setUid("other-uid");
        assertEquals("MountVolume.SetUp failed for volume \"d\" : hostPath type check failed: " + file + " is not a directory",
                volumes().mountsFor(wrong, wrong.getSpec().getContainers().get(0)).message());
        Pod socket = pod(List.of(hostPath("s", file.toString(), "Socket")), container(mount("s", "/s")));
        socket.getMetadata().setUid("third-uid");
        assertTrue(volumes().mountsFor(socket, socket.getSpec().getContainers().get(0)).message()
                .endsWith("is not a socket file"));
    }

    @Test
    void aClaimMountsItsBoundHostPathVolumeCreatingTheDirectoryOpenToAnyUser() throws Exception {
        Path data = tmp.resolve("local-path/pvc-1");
        sources.put(claim("data", "pvc-1", "Bound"));
        sources.put(new PersistentVolumeBuilder().withNewMetadata().withName("pvc-1").endMetadata().withNewSpec()
                .withNewHostPath().withPath(data.toString()).withType("DirectoryOrCreate").endHostPath()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("node-1").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build());
        Pod pod = pod(List.of(claimVolume("vol", "data")), container(mount("vol", "/data")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertTrue(mounts.ok(), mounts.message());
        assertEquals(data.toString(), mounts.value().get(0).hostPath());
        assertTrue(Files.isDirectory(data));
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"),
                Files.getPosixFilePermissions(data), "a pod running as any user writes to its claim");
    }

    @Test
    void anUnboundClaimFailsTheMount() {
        sources.put(claim("data", null, "Pending"));
        Pod pod = pod(List.of(claimVolume("vol", "data")), container(mount("vol", "/data")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertEquals("FailedMount", mounts.reason());
        assertEquals("MountVolume.SetUp failed for volume \"vol\" : error processing PVC default/data: PVC is not bound",
                mounts.message());
    }

    @Test
    void aVolumePinnedToAnotherNodeIsRefused() {
        sources.put(claim("data", "pvc-2", "Bound"));
        sources.put(new PersistentVolumeBuilder().withNewMetadata().withName("pvc-2").endMetadata().withNewSpec()
                .withNewHostPath().withPath(tmp.toString()).endHostPath()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("node-2").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build());
        Pod pod = pod(List.of(claimVolume("vol", "data")), container(mount("vol", "/data")));

        assertTrue(volumes().mountsFor(pod, pod.getSpec().getContainers().get(0)).message()
                .contains("volume node affinity conflict"));
    }

    // ---- mounts ---------------------------------------------------------------------------------

    @Test
    void subPathIsCreatedInsideTheVolumeAndHonoursReadOnly() {
        Volume disk = new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
        Container c = container(new VolumeMountBuilder().withName("scratch").withMountPath("/logs")
                .withSubPath("logs/app").withReadOnly(true).build());
        Pod pod = pod(List.of(disk), c);

        Mount m = volumes().mountsFor(pod, c).value().get(0);

        Path expected = tmp.resolve("pods").resolve(UID).resolve("volumes/kubernetes.io~empty-dir/scratch/logs/app");
        assertEquals(expected.toAbsolutePath().toString(), m.hostPath());
        assertTrue(Files.isDirectory(expected));
        assertTrue(m.readOnly());
    }

    @Test
    void subPathOfAConfigMapKeyBindsTheFileItself() throws Exception {
        sources.put(configMap("app", Map.of("app.conf", "x=1")));
        Container c = container(new VolumeMountBuilder().withName("cfg").withMountPath("/etc/app.conf")
                .withSubPath("app.conf").build());
        Pod pod = pod(List.of(configMapVolume("cfg", "app")), c);

        Mount m = volumes().mountsFor(pod, c).value().get(0);

        assertTrue(Files.isRegularFile(Path.of(m.hostPath()), LinkOption.NOFOLLOW_LINKS), m.hostPath());
        assertEquals("x=1", Files.readString(Path.of(m.hostPath())));
    }

    @Test
    void subPathExprIsExpandedFromTheEnvironment() {
        Volume disk = new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
        Container c = container(new VolumeMountBuilder().withName("scratch").withMountPath("/out")
                .withSubPathExpr("$(POD_NAME)").build());
        Pod pod = pod(List.of(disk), c);

        Mount m = volumes().mountsFor(pod, c, List.of(new EnvVar("POD_NAME", "reader"))).value().get(0);

        assertTrue(m.hostPath().endsWith("scratch/reader"), m.hostPath());
    }

    @Test
    void subPathMayNotLeaveItsVolume() {
        Volume disk = new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
        Container c = container(new VolumeMountBuilder().withName("scratch").withMountPath("/x")
                .withSubPath("../../etc").build());
        Pod pod = pod(List.of(disk), c);

        assertEquals("CreateContainerConfigError", volumes().mountsFor(pod, c).reason());
    }

    @Test
    void mountingAnUnknownVolumeIsAConfigurationError() {
        Pod pod = pod(List.of(), container(mount("nope", "/x")));

        Outcome<List<Mount>> mounts = volumes().mountsFor(pod, pod.getSpec().getContainers().get(0));

        assertEquals("CreateContainerConfigError", mounts.reason());
        assertEquals("cannot find volume \"nope\" to mount into container \"app\"", mounts.message());
    }

    @Test
    void tearDownUnmountsAndRemovesThePodDirectory() {
        sources.put(new SecretBuilder().withNewMetadata().withName("s").withNamespace("default").endMetadata()
                .addToData("k", b64("v")).build());
        Volume secret = new VolumeBuilder().withName("s").withNewSecret().withSecretName("s").endSecret().build();
        Volume memory = new VolumeBuilder().withName("mem").withNewEmptyDir().withMedium("Memory").endEmptyDir().build();
        Pod pod = pod(List.of(secret, memory), container(mount("s", "/s")));
        DefaultPodVolumes volumes = volumes();
        volumes.mountsFor(pod, pod.getSpec().getContainers().get(0));
        assertEquals(2, mounter.tmpfs.size());

        volumes.tearDown(UID);

        assertEquals(2, mounter.unmounted.size());
        assertFalse(Files.exists(tmp.resolve("pods").resolve(UID)));
        assertTrue(Files.isDirectory(tmp.resolve("pods")), "the pods directory itself stays");
    }

    @Test
    void tearDownIgnoresUidsThatAreNotOneDirectory() throws Exception {
        DefaultPodVolumes volumes = volumes();
        Path keep = Files.createDirectories(tmp.resolve("pods/a/b"));
        for (String bad : new ArrayList<>(java.util.Arrays.asList("", ".", "..", "a/b", null))) {
            volumes.tearDown(bad);
        }
        assertTrue(Files.isDirectory(keep));
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    static Pod pod(List<Volume> volumes, Container container) {
        return new PodBuilder().withNewMetadata().withName("reader").withNamespace("default").withUid(UID).endMetadata()
                .withNewSpec().withNodeName("node-1").withContainers(container).withVolumes(volumes).endSpec().build();
    }

    static Container container(io.fabric8.kubernetes.api.model.VolumeMount... mounts) {
        return new ContainerBuilder().withName("app").withImage("busybox:local").withVolumeMounts(mounts).build();
    }

    static io.fabric8.kubernetes.api.model.VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }

    static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(data).build();
    }

    static Volume configMapVolume(String name, String configMap) {
        return new VolumeBuilder().withName(name).withNewConfigMap().withName(configMap).endConfigMap().build();
    }

    static Volume hostPath(String name, String path, String type) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath().build();
    }

    static Volume claimVolume(String name, String claim) {
        return new VolumeBuilder().withName(name).withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().build();
    }

    static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name, String volume, String phase) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withVolumeName(volume).endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
