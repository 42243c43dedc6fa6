package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime against the real Docker engine on /var/run/docker.sock (skipped where there is
 * none): one pod sandbox with a long-running busybox container shared by the tests, plus short
 * containers of their own. Everything it creates carries the label {@code timonel.test=<run>} and
 * is removed at the end, also when a test fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerRuntimeDaemonTest {
    static final Path SOCKET = Path.of(DockerRuntimeProvider.DEFAULT_SOCKET);
    static final String BUSYBOX = "busybox:local";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final Map<String, String> TEST_LABELS = Map.of("timonel.test", RUN, "io.kubernetes.pod.name", "daemon-test");
    static final long MEMORY_LIMIT = 64L * 1024 * 1024;

    static ContainerRuntime runtime;
    static SandboxConfig pod;
    static String sandboxId;
    static String mainId;
    static int hostPort;

    @BeforeAll
    static void startPod() throws Exception {
        assumeTrue(Files.exists(SOCKET), "no Docker engine on " + SOCKET);
        try {
            runtime = new DockerRuntimeProvider().open(Map.of());
        } catch (RuntimeUnavailableException e) {
            assumeTrue(false, "Docker engine does not answer: " + e.getMessage());
        }
        Path images = buildImages();
        if (runtime.image(BUSYBOX).isEmpty() || runtime.image(DockerRuntimeProvider.DEFAULT_SANDBOX_IMAGE).isEmpty()) {
            assumeTrue(images != null, "busybox:local is not loaded and images/build-images.sh could not build it");
            runtime.importImage(images.resolve("busybox.tar"));
            runtime.importImage(images.resolve("pause.tar"));
        }
        try (ServerSocket free = new ServerSocket(0)) {
            hostPort = free.getLocalPort();
        }
        pod = new SandboxConfig("daemon-test", "default", UUID.randomUUID().toString(), 0, "dt-" + RUN, false,
                new SandboxConfig.DnsSettings(List.of("10.96.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5")),
                List.of(new SandboxConfig.PortMapping("TCP", 8080, hostPort, null)),
                TEST_LABELS, Map.of("kubernetes.io/config.source", "api"), null, null);
        sandboxId = runtime.runSandbox(pod);
        mainId = runtime.createContainer(sandboxId, container("main", List.of("sh", "-c", "echo hi; hostname; echo oops >&2; sleep 30"),
                new ContainerConfig.Resources(256, 50_000, 100_000, MEMORY_LIMIT), false), pod);
        runtime.startContainer(mainId);
    }

    @AfterAll
    static void removeEverything() {
        if (runtime == null) {
            return;
        }
        try {
            for (SandboxStatus s : runtime.listSandboxes()) {
                if (RUN.equals(s.labels().get("timonel.test"))) {
                    runtime.stopSandbox(s.id());
                    runtime.removeSandbox(s.id());
                }
            }
            for (ContainerStatus c : runtime.listContainers()) {
                if (RUN.equals(c.labels().get("timonel.test"))) {
                    runtime.removeContainer(c.id());
                }
            }
        } finally {
            runtime.close();
        }
    }

    @Test
    void sandboxIsListedReadyWithItsLabelsAndAnnotationsAndNoIpOfDockers() {
        SandboxStatus status = runtime.listSandboxes().stream().filter(s -> s.id().equals(sandboxId)).findFirst().orElseThrow();
        assertTrue(status.ready());
        assertNull(status.ip(), "the agent's pod network gives the address");
        assertFalse(runtime.wiresPodNetwork());
        assertEquals(TEST_LABELS, status.labels());
        assertEquals(Map.of("kubernetes.io/config.source", "api"), status.annotations());
        assertNotNull(status.createdAt());
    }

    @Test
    void sandboxHasANetworkNamespaceOfItsOwnWithLoopbackOnlyAndCarriesThePodDns() throws Exception {
        try (DockerClient docker = docker()) {
            InspectContainerResponse inspect = docker.inspectContainerCmd(sandboxId).exec();
            assertEquals("k8s_POD_daemon-test_default_" + pod.podUid() + "_0", inspect.getName().substring(1));
            assertEquals("none", inspect.getHostConfig().getNetworkMode(), "host ports are the pod network's (CNI portmap)");
            assertEquals("/proc/" + inspect.getState().getPidLong() + "/ns/net", runtime.networkNamespace(sandboxId));
        }
        String links = text(runtime.execSync(mainId, List.of("cat", "/proc/net/dev"), Duration.ofSeconds(10)).stdout());
        assertTrue(links.contains("lo:") && !links.contains("eth0:"), links);
        String resolv = text(runtime.execSync(mainId, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(10)).stdout());
        assertTrue(resolv.contains("nameserver 10.96.0.10"), resolv);
        assertTrue(resolv.contains("search default.svc.cluster.local"), resolv);
        assertTrue(resolv.contains("options ndots:5"), resolv);
    }

    @Test
    void containerSharesThePodHostname() {
        ExecResult hostname = runtime.execSync(mainId, List.of("cat", "/etc/hostname"), Duration.ofSeconds(10));
        assertEquals(0, hostname.exitCode());
        assertEquals(pod.hostname() + "\n", text(hostname.stdout()));
        // /etc/hosts naming the pod is the agent's (HostsFile): without an address of Docker's, Docker's names none
    }

    @Test
    void logsCarryBothStreamsWithTheirTimes() {
        List<String> lines = awaitLogLines(mainId, LogOptions.ALL, 3);
        assertTrue(lines.contains("out hi\n"), lines.toString());
        assertTrue(lines.contains("out " + pod.hostname() + "\n"), lines.toString());
        assertTrue(lines.contains("err oops\n"), lines.toString());
        List<String> stamped = awaitLogLines(mainId, new LogOptions(false, 1, null, -1, true), 1);
        assertEquals(1, stamped.size(), stamped.toString());
        assertTrue(stamped.get(0).matches("(out|err) \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z .*\n"), stamped.toString());
        List<String> limited = awaitLogLines(mainId, new LogOptions(false, -1, null, 2, false), 1);
        assertEquals(List.of("out hi"), limited);
    }

    @Test
    void followingLogsEndsWhenTheReaderGoesAway() {
        Sink sink = new Sink(1);
        long start = System.nanoTime();
        runtime.logs(mainId, new LogOptions(true, -1, null, -1, false), sink);
        assertTrue(sink.isClosed());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "follow did not notice the reader left");
    }

    @Test
    void logsSinceAnInstantAfterTheOutputAreEmpty() {
        List<String> lines = new CopyOnWriteArrayList<>();
        runtime.logs(mainId, new LogOptions(false, -1, Instant.now().plusSeconds(60), -1, false), new Sink(Integer.MAX_VALUE, lines));
        assertEquals(List.of(), lines);
    }

    @Test
    void execSyncReportsExitCodeAndSeparateStreams() {
        ExecResult result = runtime.execSync(mainId, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", text(result.stdout()));
        assertEquals("err\n", text(result.stderr()));
        assertFalse(result.timedOut());
    }

    @Test
    void execSyncGivesUpAtItsTimeout() {
        long start = System.nanoTime();
        ExecResult result = runtime.execSync(mainId, List.of("sleep", "20"), Duration.ofMillis(500));
        assertTrue(result.timedOut());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        ExecResult ps = runtime.execSync(mainId, List.of("ps"), Duration.ofSeconds(10));
        assertFalse(text(ps.stdout()).contains("sleep 20"), "the timed-out process was not killed:\n" + text(ps.stdout()));
    }

    @Test
    void execEndsWhenItsStdinCloses() throws Exception {
        try (StreamSession session = runtime.exec(mainId, List.of("cat"), new StreamOptions(true, true, true, false))) {
            session.stdin().write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().close();
            assertEquals("hello\nworld\n", text(session.stdout().readAllBytes()));
            assertEquals(0, session.exitCode().get(10, TimeUnit.SECONDS));
            assertEquals(0, session.stderr().readAllBytes().length);
        }
    }

    @Test
    void largeBinaryInputAndOutputCrossAnExecIntact() throws Exception {
        byte[] blob = new byte[3 * 1024 * 1024];
        new java.util.Random(42).nextBytes(blob);
        try (StreamSession session = runtime.exec(mainId, List.of("sh", "-c", "cat > /tmp/blob && cat /tmp/blob && rm /tmp/blob"),
                new StreamOptions(true, true, true, false))) {
            var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (OutputStream in = session.stdin()) {
                    in.write(blob);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] echoed = session.stdout().readAllBytes();
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(blob.length, echoed.length);
            assertTrue(java.util.Arrays.equals(blob, echoed), "the bytes changed on the way");
            assertEquals(0, session.exitCode().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingAnExecSessionDetachesAndGivesUpOnTheExitCode() throws Exception {
        StreamSession session = runtime.exec(mainId, List.of("sleep", "30"), new StreamOptions(false, true, true, false));
        session.close();
        assertEquals(-1, session.stdout().read());
        await(() -> session.exitCode().isCancelled(), "the exit code to be given up");
    }

    @Test
    void execSeparatesStderrAndReportsTheExitCode() throws Exception {
        try (StreamSession session = runtime.exec(mainId, List.of("sh", "-c", "echo a; echo b >&2; exit 7"),
                new StreamOptions(false, true, true, false))) {
            assertEquals("a\n", text(session.stdout().readAllBytes()));
            assertEquals("b\n", text(session.stderr().readAllBytes()));
            assertEquals(7, session.exitCode().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void execWithTerminalRunsOnAPtyAndResizes() throws Exception {
        try (StreamSession session = runtime.exec(mainId, List.of("sh", "-c", "sleep 0.3; stty size; tty"),
                new StreamOptions(true, true, false, true))) {
            session.resize(100, 30);
            String out = text(session.stdout().readAllBytes());
            assertTrue(out.contains("30 100"), out);
            assertTrue(out.contains("/dev/pts/"), out);
            assertEquals(0, session.exitCode().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void attachFeedsTheMainProcessAndReportsItsExit() throws Exception {
        String id = runtime.createContainer(sandboxId, new ContainerConfig("reader", 0, BUSYBOX, List.of("sh", "-c", "read line; echo got $line; exit 4"),
                List.of(), null, List.of(), List.of(), TEST_LABELS, Map.of(), false, true, true,
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, null), pod);
        runtime.startContainer(id);
        try (StreamSession session = runtime.attach(id, new StreamOptions(true, true, true, false))) {
            session.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();
            assertEquals("got ping\n", text(session.stdout().readAllBytes()));
            assertEquals(4, session.exitCode().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void outputKeepsComingAfterTheAttachmentsInputEndsWhenTheContainerKeepsItsStdinOpen() throws Exception {
        // stdin without stdinOnce, as kubectl debug -i creates ephemeral containers
        String id = runtime.createContainer(sandboxId, new ContainerConfig("keeper", 0, BUSYBOX,
                List.of("sh", "-c", "read line; sleep 0.5; echo got $line"), List.of(), null, List.of(), List.of(),
                TEST_LABELS, Map.of(), false, true, false, ContainerConfig.Resources.NONE,
                ContainerConfig.Security.DEFAULT, null), pod);
        runtime.startContainer(id);
        try (StreamSession session = runtime.attach(id, new StreamOptions(true, true, true, false))) {
            session.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().close();
            assertEquals("got ping\n", text(session.stdout().readAllBytes()));
            assertEquals(0, session.exitCode().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aContainerInAnothersProcessNamespaceSeesItsProcesses() {
        String target = runtime.createContainer(sandboxId, container("target", List.of("sleep", "3171"),
                ContainerConfig.Resources.NONE, false), pod);
        runtime.startContainer(target);
        ContainerConfig peek = container("peek", List.of("sleep", "3172"), ContainerConfig.Resources.NONE, false);
        String joined = runtime.createContainer(sandboxId,
                peek.withSecurity(peek.security().inPidNamespaceOf(target)), pod);
        runtime.startContainer(joined);
        String alone = runtime.createContainer(sandboxId, container("alone", List.of("sleep", "3173"),
                ContainerConfig.Resources.NONE, false), pod);
        runtime.startContainer(alone);

        assertTrue(text(runtime.execSync(joined, List.of("ps"), Duration.ofSeconds(10)).stdout()).contains("sleep 3171"));
        assertFalse(text(runtime.execSync(alone, List.of("ps"), Duration.ofSeconds(10)).stdout()).contains("sleep 3171"));
    }

    @Test
    void attachingToAnExitedContainerFailsAtOnceInsteadOfWaitingForItsNextStart() {
        String exited = runAndAwaitExit("quick", "echo out");
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> runtime.attach(exited, new StreamOptions(false, true, true, false)));
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    }

    @Test
    void memoryAndCpuLimitsReachTheEngineAndTheCgroup() throws Exception {
        try (DockerClient docker = docker()) {
            InspectContainerResponse inspect = docker.inspectContainerCmd(mainId).exec();
            assertEquals(MEMORY_LIMIT, inspect.getHostConfig().getMemory());
            assertEquals(50_000L, inspect.getHostConfig().getCpuQuota());
            assertEquals(256, inspect.getHostConfig().getCpuShares());
            assertEquals("container:" + sandboxId, inspect.getHostConfig().getNetworkMode());
            assertEquals("k8s_main_daemon-test_default_" + pod.podUid() + "_0", inspect.getName().substring(1));
        }
        ExecResult limit = runtime.execSync(mainId, List.of("sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max"), Duration.ofSeconds(10));
        assertEquals(Long.toString(MEMORY_LIMIT), text(limit.stdout()).trim());
    }

    @Test
    void exitedContainersReportCodeReasonAndTimes() {
        String failed = runAndAwaitExit("fails", "exit 2");
        String done = runAndAwaitExit("succeeds", "true");
        ContainerStatus f = runtime.containerStatus(failed);
        assertEquals(ContainerStatus.State.EXITED, f.state());
        assertEquals(2, f.exitCode());
        assertEquals("Error", f.reason());
        assertNotNull(f.startedAt());
        assertNotNull(f.finishedAt());
        assertEquals(sandboxId, f.sandboxId());
        assertEquals("fails", f.name());
        assertEquals(BUSYBOX, f.image());
        assertTrue(f.imageId().startsWith("sha256:"), f.imageId());
        assertEquals(TEST_LABELS, f.labels());
        assertEquals(Map.of("note", "kept"), f.annotations());
        ContainerStatus d = runtime.containerStatus(done);
        assertEquals("Completed", d.reason());
        assertEquals(0, d.exitCode());
        List<ContainerStatus> all = runtime.listContainers();
        assertTrue(all.stream().anyMatch(c -> c.id().equals(failed) && c.exitCode() == 2));
        assertTrue(all.stream().anyMatch(c -> c.id().equals(mainId) && c.state() == ContainerStatus.State.RUNNING && c.finishedAt() == null));
        runtime.removeContainer(failed);
        runtime.removeContainer(failed);
        assertThrows(NotFoundException.class, () -> runtime.containerStatus(failed));
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        String id = runtime.createContainer(sandboxId, container("hog", List.of("sh", "-c", "x=$(head -c 64m /dev/zero | tr '\\0' a)"),
                new ContainerConfig.Resources(0, 0, 0, 16L * 1024 * 1024), false), pod);
        runtime.startContainer(id);
        await(() -> runtime.containerStatus(id).state() == ContainerStatus.State.EXITED, "the hog to be killed");
        ContainerStatus status = runtime.containerStatus(id);
        assertEquals("OOMKilled", status.reason());
        assertEquals(137, status.exitCode());
    }

    @Test
    void aCreatedContainerIsCreatedUntilStarted() {
        String id = runtime.createContainer(sandboxId, container("idle", List.of("true"), ContainerConfig.Resources.NONE, false), pod);
        ContainerStatus status = runtime.containerStatus(id);
        assertEquals(ContainerStatus.State.CREATED, status.state());
        assertNull(status.startedAt());
        runtime.removeContainer(id);
    }

    @Test
    void aCreatedContainerIsListedFromTheListingThenInspectedOnceStarted() {
        String id = runtime.createContainer(sandboxId, container("later", List.of("sleep", "30"), ContainerConfig.Resources.NONE, false), pod);
        ContainerStatus listed = runtime.listContainers().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertEquals(ContainerStatus.State.CREATED, listed.state());
        assertEquals("later", listed.name());
        assertEquals(sandboxId, listed.sandboxId());
        assertEquals(BUSYBOX, listed.image());
        assertTrue(listed.imageId().startsWith("sha256:"), listed.imageId());
        assertNotNull(listed.createdAt());
        assertNull(listed.startedAt());
        assertEquals(TEST_LABELS, listed.labels());
        assertEquals(Map.of("note", "kept"), listed.annotations());
        runtime.startContainer(id);
        ContainerStatus running = runtime.listContainers().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertEquals(ContainerStatus.State.RUNNING, running.state());
        assertNotNull(running.startedAt());
        runtime.stopContainer(id, Duration.ZERO);
        runtime.removeContainer(id);
    }

    @Test
    void statsReportCpuAndMemoryOfARunningContainer() {
        ContainerStats stats = runtime.stats(mainId);
        assertTrue(stats.cpuUsageNanos() > 0, stats.toString());
        assertTrue(stats.memoryWorkingSetBytes() > 0, stats.toString());
        assertTrue(stats.memoryWorkingSetBytes() <= MEMORY_LIMIT, stats.toString());
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThrows(NotFoundException.class, () -> runtime.containerStatus("no-such-container-" + RUN));
        assertThrows(NotFoundException.class, () -> runtime.networkNamespace("no-such-sandbox-" + RUN));
        assertThrows(NotFoundException.class, () -> runtime.logs("no-such-container-" + RUN, LogOptions.ALL, new Sink(1)));
        runtime.stopContainer("no-such-container-" + RUN, Duration.ofSeconds(1));
        runtime.removeContainer("no-such-container-" + RUN);
        runtime.stopSandbox("no-such-sandbox-" + RUN);
        runtime.removeSandbox("no-such-sandbox-" + RUN);
    }

    @Test
    void imagesAreListedInspectedAndImported() throws Exception {
        assertTrue(runtime.version().startsWith("docker://"), runtime.version());
        ImageInfo busybox = runtime.image(BUSYBOX).orElseThrow();
        assertTrue(busybox.repoTags().contains(BUSYBOX));
        assertTrue(runtime.listImages().stream().anyMatch(i -> i.id().equals(busybox.id())));
        assertTrue(runtime.image("no-such-image:" + RUN).isEmpty());
        Path images = buildImages();
        assumeTrue(images != null, "images/build-images.sh could not build the tarballs");
        List<ImageInfo> loaded = runtime.importImage(images.resolve("busybox.tar"));
        assertEquals(1, loaded.size(), loaded.toString());
        assertTrue(loaded.get(0).repoTags().contains(BUSYBOX), loaded.toString());
    }

    @Test
    void pullingWithoutARegistryFailsWithTheEnginesMessage() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> runtime.pullImage("registry.invalid/timonel/nothing:" + RUN));
        assertTrue(e.getMessage().startsWith("pulling registry.invalid/timonel/nothing:" + RUN + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("{"), e.getMessage());
    }

    @Test
    void stoppingAndRemovingASandboxTakesItsContainersAndCanBeRepeated() {
        SandboxConfig other = new SandboxConfig("daemon-test-stop", "default", UUID.randomUUID().toString(), 0, "stop-" + RUN, false,
                null, List.of(), TEST_LABELS, Map.of(), null, null);
        String sandbox = runtime.runSandbox(other);
        String id = runtime.createContainer(sandbox, container("sleeper", List.of("sleep", "30"), ContainerConfig.Resources.NONE, false), other);
        runtime.startContainer(id);
        runtime.stopContainer(id, Duration.ofSeconds(1));
        assertEquals(ContainerStatus.State.EXITED, runtime.containerStatus(id).state());
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.stopSandbox(sandbox);
        runtime.stopSandbox(sandbox);
        assertFalse(runtime.listSandboxes().stream().filter(s -> s.id().equals(sandbox)).findFirst().orElseThrow().ready());
        runtime.removeSandbox(sandbox);
        runtime.removeSandbox(sandbox);
        assertTrue(runtime.listSandboxes().stream().noneMatch(s -> s.id().equals(sandbox)));
        assertThrows(NotFoundException.class, () -> runtime.containerStatus(id));
    }

    @Test
    void aHostNetworkSandboxHasNoPodIpAndItsContainersSeeTheHostsInterfaces() throws Exception {
        SandboxConfig host = new SandboxConfig("daemon-test-host", "default", UUID.randomUUID().toString(), 0, "host-" + RUN, true,
                null, List.of(), TEST_LABELS, Map.of(), null, null);
        String sandbox = runtime.runSandbox(host);
        SandboxStatus status = runtime.listSandboxes().stream().filter(s -> s.id().equals(sandbox)).findFirst().orElseThrow();
        assertTrue(status.ready());
        assertNull(status.ip());
        String id = runtime.createContainer(sandbox, container("probe", List.of("sleep", "30"), ContainerConfig.Resources.NONE, false), host);
        runtime.startContainer(id);
        String interfaces = text(runtime.execSync(id, List.of("cat", "/proc/net/dev"), Duration.ofSeconds(10)).stdout());
        assertTrue(interfaces.contains("docker0:"), "the host's bridge is not in view:\n" + interfaces);
        assertEquals("host-" + RUN + "\n", text(runtime.execSync(id, List.of("hostname"), Duration.ofSeconds(10)).stdout()));
        runtime.stopSandbox(sandbox);
        runtime.removeSandbox(sandbox);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources, boolean tty) {
        return new ContainerConfig(name, 0, BUSYBOX, command, List.of(), "/tmp",
                List.of(new ContainerConfig.EnvVar("FOO", "bar")), List.of(), TEST_LABELS, Map.of("note", "kept"),
                tty, false, false, resources, ContainerConfig.Security.DEFAULT, null);
    }

    static String runAndAwaitExit(String name, String script) {
        String id = runtime.createContainer(sandboxId, container(name, List.of("sh", "-c", script), ContainerConfig.Resources.NONE, false), pod);
        runtime.startContainer(id);
        await(() -> runtime.containerStatus(id).state() == ContainerStatus.State.EXITED, "container " + name + " to exit");
        return id;
    }

    static List<String> awaitLogLines(String id, LogOptions options, int atLeast) {
        List<String> lines = new CopyOnWriteArrayList<>();
        await(() -> {
            lines.clear();
            runtime.logs(id, options, new Sink(Integer.MAX_VALUE, lines));
            return lines.size() >= atLeast;
        }, atLeast + " log lines of " + id);
        return lines;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static DockerClient docker() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + SOCKET).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    /** Builds the project's image tarballs into target/images (once); null when the script cannot. */
    static synchronized Path buildImages() throws IOException, InterruptedException {
        Path out = Path.of("target/images").toAbsolutePath();
        if (Files.exists(out.resolve("busybox.tar")) && Files.exists(out.resolve("pause.tar"))) {
            return out;
        }
        Path script = Path.of("../images/build-images.sh").toAbsolutePath().normalize();
        if (!Files.exists(script)) {
            return null;
        }
        Process p = new ProcessBuilder("bash", script.toString(), out.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    }

    /** Collects lines as "out …"/"err …"; closes itself after {@code max} lines. */
    static final class Sink implements LogSink {
        private final int max;
        private final List<String> lines;

        Sink(int max) {
            this(max, new CopyOnWriteArrayList<>());
        }

        Sink(int max, List<String> lines) {
            this.max = max;
            this.lines = lines;
        }

        @Override
        public void line(Instant time, boolean stderr, byte[] line) {
            assertNotNull(time);
            lines.add((stderr ? "err " : "out ") + text(line));
        }

        @Override
        public boolean isClosed() {
            return lines.size() >= max;
        }
    }
}
