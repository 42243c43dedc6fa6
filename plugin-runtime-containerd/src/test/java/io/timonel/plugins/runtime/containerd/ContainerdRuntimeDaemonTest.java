package io.timonel.plugins.runtime.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs pods on the real containerd through the CRI (skipped where its socket is missing). Everything
 * it creates carries the label {@code timonel.test=containerd-daemon-test} and is removed afterwards.
 */
class ContainerdRuntimeDaemonTest {

    /** The daemon's socket: containerd's default, or another instance's ({@code -Dcontainerd.socket=PATH}). */
    private static final Path SOCKET = Path.of(System.getProperty("containerd.socket", ContainerdRuntimeProvider.DEFAULT_SOCKET));
    private static final Map<String, String> LABELS = Map.of("timonel.test", "containerd-daemon-test");
    private static final String BUSYBOX = "busybox:local";

    private static ContainerRuntime runtime;

    @TempDir
    static Path logs;

    private static final Path IMAGES = Path.of("target/images").toAbsolutePath();

    /** The CNI configuration this test installed, removed after it; null when one was there. */
    private static Path installedCniConfig;

    @BeforeAll
    static void connect() throws Exception {
        assumeTrue(Files.exists(SOCKET), "containerd is not running here");
        installCniConfig();
        runtime = new ContainerdRuntimeProvider().open(Map.of("containerd.socket", SOCKET.toString()));
        if (!Files.exists(IMAGES.resolve("pause.tar"))) {
            Process build = new ProcessBuilder("../images/build-images.sh", IMAGES.toString()).inheritIO().start();
            assertEquals(0, build.waitFor());
        }
        if (runtime.image(BUSYBOX).isEmpty() || runtime.image("timonel.io/pause:1.0").isEmpty()) {
            runtime.importImage(IMAGES.resolve("busybox.tar"));
            runtime.importImage(IMAGES.resolve("pause.tar"));
        }
        assumeSandboxesCanRun();
    }

    /**
     * Skips when the host refuses what containerd's default config asks of every sandbox: a negative
     * oom_score_adj (some VMs do). The project's config (scripts/containerd/config.toml) sets
     * restrict_oom_score_adj for that; a containerd started without it cannot run pods here.
     */
    private static void assumeSandboxesCanRun() throws Exception {
        try {
            String id = runtime.runSandbox(sandbox("probe"));
            runtime.stopSandbox(id);
            runtime.removeSandbox(id);
        } catch (RuntimeUnavailableException e) {
            Process lower = new ProcessBuilder("sh", "-c", "echo -998 > /proc/self/oom_score_adj").start();
            boolean hostRefusesNegativeOomScore = lower.waitFor() != 0;
            assumeTrue(!(hostRefusesNegativeOomScore && e.getMessage().contains("can't get final child's PID")),
                    "this host refuses a negative oom_score_adj and containerd at " + SOCKET + " was started without "
                            + "restrict_oom_score_adj = true (scripts/containerd/config.toml): " + e.getMessage());
            throw e;
        }
    }

    /**
     * containerd's CRI runs no sandbox without a CNI network. Where none is configured (the node
     * agent's pod network writes one when a server runs), the test brings its own bridge network
     * and removes it afterwards.
     */
    private static void installCniConfig() throws IOException {
        Path dir = Path.of("/etc/cni/net.d");
        boolean present = Files.isDirectory(dir);
        if (present) {
            try (Stream<Path> files = Files.list(dir)) {
                present = files.anyMatch(f -> f.toString().endsWith(".conflist") || f.toString().endsWith(".conf"));
            }
        }
        if (!present) {
            Files.createDirectories(dir);
            installedCniConfig = dir.resolve("10-timonel.conflist");
            Files.copy(Path.of("src/test/resources/cni/10-timonel.conflist"), installedCniConfig);
        }
    }

    @AfterAll
    static void removeEverythingCreated() throws IOException {
        if (runtime != null) {
            for (SandboxStatus sandbox : runtime.listSandboxes()) {
                if (sandbox.labels().entrySet().containsAll(LABELS.entrySet())) {
                    runtime.stopSandbox(sandbox.id());
                    runtime.removeSandbox(sandbox.id());
                }
            }
            runtime.close();
        }
        if (installedCniConfig != null) {
            Files.deleteIfExists(installedCniConfig);
        }
    }

    @Test
    void versionNamesContainerd() {
        assertTrue(runtime.version().startsWith("containerd://"), runtime.version());
    }

    @Test
    void shortImageReferencesFindNormalisedImages() {
        var busybox = runtime.image(BUSYBOX).orElseThrow();
        assertTrue(busybox.repoTags().contains("docker.io/library/busybox:local"), busybox.repoTags().toString());
        assertEquals(busybox.id(), runtime.image(busybox.id()).orElseThrow().id());
        assertTrue(runtime.image("busybox:no-such-tag").isEmpty());
        assertTrue(runtime.listImages().stream().anyMatch(i -> i.id().equals(busybox.id())));
    }

    @Test
    void podRunsWithLogsHostnameIpExecAndMemoryLimit() throws Exception {
        SandboxConfig sandbox = sandbox("web");
        String sandboxId = runtime.runSandbox(sandbox);
        assertEquals(sandboxId, runtime.runSandbox(sandbox), "running the same sandbox again finds the first");
        SandboxStatus status = runtime.listSandboxes().stream().filter(s -> s.id().equals(sandboxId)).findFirst().orElseThrow();
        assertTrue(status.ready());
        assertNotNull(status.ip(), "the sandbox has a pod IP");
        assertTrue(status.ip().startsWith("10.42.0."), status.ip());
        assertEquals("web", status.labels().get("pod"));

        ContainerConfig config = container("main", List.of("sh", "-c", "echo hi; hostname; sleep 0.2; echo oops >&2; sleep 30"),
                new ContainerConfig.Resources(512, 0, 100_000, 64L << 20), false);
        String id = runtime.createContainer(sandboxId, config, sandbox);
        assertEquals(ContainerStatus.State.CREATED, runtime.containerStatus(id).state());
        runtime.startContainer(id);
        runtime.startContainer(id);
        ContainerStatus running = runtime.containerStatus(id);
        assertEquals(ContainerStatus.State.RUNNING, running.state());
        assertEquals(sandboxId, running.sandboxId());
        assertEquals("main", running.name());
        assertNotNull(running.startedAt());
        assertTrue(runtime.listContainers().stream().anyMatch(c -> c.id().equals(id)));

        await(() -> collectLogs(id, LogOptions.ALL).size() >= 3);
        List<String> lines = collectLogs(id, LogOptions.ALL);
        assertEquals(List.of("out:hi\n", "out:web-host\n", "err:oops\n"), lines);
        assertEquals(List.of("err:oops\n"), collectLogs(id, new LogOptions(false, 1, null, -1, false)));
        assertEquals(List.of("out:h"), collectLogs(id, new LogOptions(false, -1, null, 1, false)));
        String stamped = collectLogs(id, new LogOptions(false, 1, null, -1, true)).get(0);
        assertTrue(stamped.matches("err:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z oops\n"), stamped);

        ExecResult limit = runtime.execSync(id, List.of("cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"), Duration.ofSeconds(5));
        if (limit.exitCode() != 0) { // cgroup v2
            limit = runtime.execSync(id, List.of("cat", "/sys/fs/cgroup/memory.max"), Duration.ofSeconds(5));
        }
        assertEquals(0, limit.exitCode(), new String(limit.stderr(), StandardCharsets.UTF_8));
        assertEquals(String.valueOf(64L << 20), new String(limit.stdout(), StandardCharsets.UTF_8).strip());

        ExecResult failing = runtime.execSync(id, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5));
        assertEquals(3, failing.exitCode());
        assertEquals("out\n", new String(failing.stdout(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(failing.stderr(), StandardCharsets.UTF_8));
        assertTrue(runtime.execSync(id, List.of("sleep", "5"), Duration.ofSeconds(1)).timedOut());

        try (StreamSession cat = runtime.exec(id, List.of("cat"), new StreamOptions(true, true, true, false))) {
            CompletableFuture<byte[]> out = readAll(cat.stdout());
            cat.stdin().write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            cat.stdin().close();
            assertEquals("hello\nworld\n", new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertEquals(0, cat.exitCode().get(10, TimeUnit.SECONDS));
        }
        try (StreamSession sh = runtime.exec(id, List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 7"),
                new StreamOptions(false, true, true, false))) {
            CompletableFuture<byte[]> out = readAll(sh.stdout());
            CompletableFuture<byte[]> err = readAll(sh.stderr());
            assertEquals("to-out\n", new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertEquals("to-err\n", new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertEquals(7, sh.exitCode().get(10, TimeUnit.SECONDS));
        }
        // megabytes both ways: SPDY windows and the pipes' back-pressure must not stall
        try (StreamSession wc = runtime.exec(id, List.of("wc", "-c"), new StreamOptions(true, true, true, false))) {
            CompletableFuture<byte[]> out = readAll(wc.stdout());
            byte[] chunk = new byte[100_000];
            for (int i = 0; i < 30; i++) {
                wc.stdin().write(chunk);
            }
            wc.stdin().close();
            assertEquals("3000000", new String(out.get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip());
        }
        try (StreamSession zeros = runtime.exec(id, List.of("head", "-c", "20000000", "/dev/zero"),
                new StreamOptions(false, true, true, false))) {
            CompletableFuture<byte[]> out = readAll(zeros.stdout());
            assertEquals(20_000_000, out.get(20, TimeUnit.SECONDS).length);
            assertEquals(0, zeros.exitCode().get(10, TimeUnit.SECONDS));
        }
        try (StreamSession tty = runtime.exec(id, List.of("sh", "-c", "sleep 1; stty size"), new StreamOptions(false, true, false, true))) {
            tty.resize(100, 30);
            CompletableFuture<byte[]> out = readAll(tty.stdout());
            assertEquals("30 100", new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip());
            assertEquals(0, tty.exitCode().get(10, TimeUnit.SECONDS));
        }

        var stats = runtime.stats(id);
        assertTrue(stats.memoryWorkingSetBytes() > 0);

        // a follower ends once the container stopped and its log is drained
        CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(
                () -> collectLogs(id, new LogOptions(true, 0, null, -1, false)));
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.stopContainer(id, Duration.ofSeconds(1));
        ContainerStatus exited = runtime.containerStatus(id);
        assertEquals(ContainerStatus.State.EXITED, exited.state());
        assertEquals(137, exited.exitCode());
        assertNotNull(exited.finishedAt());
        assertEquals(List.of(), followed.get(10, TimeUnit.SECONDS));

        runtime.removeContainer(id);
        runtime.removeContainer(id);
        assertThrows(NotFoundException.class, () -> runtime.containerStatus(id));
        runtime.stopSandbox(sandboxId);
        runtime.removeSandbox(sandboxId);
        runtime.removeSandbox(sandboxId);
        assertFalse(runtime.listSandboxes().stream().anyMatch(s -> s.id().equals(sandboxId)));
    }

    @Test
    void aContainerInAnothersProcessNamespaceSeesItsProcesses() {
        SandboxConfig sandbox = sandbox("pidns");
        String sandboxId = runtime.runSandbox(sandbox);
        try {
            String target = runtime.createContainer(sandboxId, container("target", List.of("sleep", "3171"),
                    ContainerConfig.Resources.NONE, false), sandbox);
            runtime.startContainer(target);
            ContainerConfig peek = container("peek", List.of("sleep", "3172"), ContainerConfig.Resources.NONE, false);
            String joined = runtime.createContainer(sandboxId,
                    peek.withSecurity(peek.security().inPidNamespaceOf(target)), sandbox);
            runtime.startContainer(joined);
            String alone = runtime.createContainer(sandboxId, container("alone", List.of("sleep", "3173"),
                    ContainerConfig.Resources.NONE, false), sandbox);
            runtime.startContainer(alone);

            assertTrue(new String(runtime.execSync(joined, List.of("ps"), Duration.ofSeconds(10)).stdout(),
                    java.nio.charset.StandardCharsets.UTF_8).contains("sleep 3171"));
            assertFalse(new String(runtime.execSync(alone, List.of("ps"), Duration.ofSeconds(10)).stdout(),
                    java.nio.charset.StandardCharsets.UTF_8).contains("sleep 3171"));
        } finally {
            runtime.stopSandbox(sandboxId);
            runtime.removeSandbox(sandboxId);
        }
    }

    @Test
    void listingFollowsAContainerFromCreatedToRunningToExited() throws Exception {
        SandboxConfig sandbox = sandbox("listing");
        String sandboxId = runtime.runSandbox(sandbox);
        String id = runtime.createContainer(sandboxId, container("brief", List.of("sh", "-c", "read x; exit 3"),
                ContainerConfig.Resources.NONE, false), sandbox);
        ContainerStatus created = listed(id);
        assertEquals(ContainerStatus.State.CREATED, created.state());
        assertEquals(sandboxId, created.sandboxId());
        assertEquals("brief", created.name());
        assertNotNull(created.createdAt());
        assertNull(created.startedAt());
        assertEquals(runtime.containerStatus(id).imageId(), created.imageId());
        runtime.startContainer(id);
        ContainerStatus running = listed(id);
        assertEquals(ContainerStatus.State.RUNNING, running.state());
        assertNotNull(running.startedAt());
        runtime.stopContainer(id, Duration.ZERO);
        ContainerStatus exited = listed(id);
        assertEquals(ContainerStatus.State.EXITED, exited.state());
        assertNotNull(exited.finishedAt());
        assertEquals(List.of(sandboxId), runtime.listSandboxes().stream().map(SandboxStatus::id)
                .filter(sandboxId::equals).toList());
        runtime.stopSandbox(sandboxId);
        assertFalse(runtime.listSandboxes().stream().filter(s -> s.id().equals(sandboxId)).findFirst().orElseThrow()
                .ready(), "a stopped sandbox is listed not ready, not as it was cached ready");
        runtime.removeSandbox(sandboxId);
        assertTrue(runtime.listContainers().stream().noneMatch(c -> c.id().equals(id)));
    }

    private static ContainerStatus listed(String id) {
        return runtime.listContainers().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void outputKeepsComingAfterTheAttachmentsInputEndsWhenTheContainerKeepsItsStdinOpen() throws Exception {
        SandboxConfig sandbox = sandbox("keeper");
        String sandboxId = runtime.runSandbox(sandbox);
        try {
            // stdin without stdinOnce, as kubectl debug -i creates ephemeral containers
            ContainerConfig config = new ContainerConfig("keeper", 0, BUSYBOX,
                    List.of("sh", "-c", "read line; sleep 0.5; echo got $line"), List.of(), null, List.of(), List.of(),
                    LABELS, Map.of(), false, true, false, ContainerConfig.Resources.NONE,
                    ContainerConfig.Security.DEFAULT, "keeper/0.log");
            String id = runtime.createContainer(sandboxId, config, sandbox);
            runtime.startContainer(id);
            try (StreamSession attached = runtime.attach(id, new StreamOptions(true, true, true, false))) {
                CompletableFuture<byte[]> out = readAll(attached.stdout());
                attached.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
                attached.stdin().close();
                assertEquals("got ping\n", new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            }
        } finally {
            runtime.stopSandbox(sandboxId);
            runtime.removeSandbox(sandboxId);
        }
    }

    @Test
    void attachedStdinEndsTheContainer() throws Exception {
        SandboxConfig sandbox = sandbox("attach");
        String sandboxId = runtime.runSandbox(sandbox);
        ContainerConfig config = new ContainerConfig("cat", 0, BUSYBOX, List.of("sh", "-c", "cat; exit 4"), List.of(), null,
                List.of(), List.of(), LABELS, Map.of(), false, true, true, ContainerConfig.Resources.NONE,
                ContainerConfig.Security.DEFAULT, "cat/0.log");
        String id = runtime.createContainer(sandboxId, config, sandbox);
        runtime.startContainer(id);
        try (StreamSession attached = runtime.attach(id, new StreamOptions(true, true, true, false))) {
            CompletableFuture<byte[]> out = readAll(attached.stdout());
            attached.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
            attached.stdin().close();
            assertEquals("ping\n", new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertEquals(4, attached.exitCode().get(10, TimeUnit.SECONDS));
        }
        await(() -> runtime.containerStatus(id).state() == ContainerStatus.State.EXITED);
        assertEquals(List.of("out:ping\n"), collectLogs(id, LogOptions.ALL));
        runtime.stopSandbox(sandboxId);
        runtime.removeSandbox(sandboxId);
    }

    @Test
    void importingATarballReportsItsImages() {
        assumeTrue(Files.exists(IMAGES.resolve("pause.tar")), "no image tarball built");
        var imported = runtime.importImage(IMAGES.resolve("pause.tar"));
        assertEquals(1, imported.size());
        assertTrue(imported.get(0).repoTags().contains("timonel.io/pause:1.0"), imported.toString());
        assertEquals(imported.get(0).id(), runtime.image("timonel.io/pause:1.0").orElseThrow().id());
    }

    @Test
    void pullingWithoutARegistryFailsWithItsMessage() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> runtime.pullImage("registry.invalid/nothing:1"));
        assertTrue(e.getMessage().contains("registry.invalid"), e.getMessage());
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThrows(NotFoundException.class, () -> runtime.containerStatus("no-such-container"));
        assertThrows(NotFoundException.class, () -> runtime.stats("no-such-container"));
        assertThrows(NotFoundException.class, () -> runtime.execSync("no-such-container", List.of("true"), Duration.ofSeconds(1)));
        runtime.removeContainer("no-such-container");
        runtime.removeSandbox("no-such-sandbox");
    }

    private static SandboxConfig sandbox(String pod) {
        String uid = UUID.randomUUID().toString();
        Path dir = logs.resolve("default_" + pod + "_" + uid);
        Map<String, String> labels = new java.util.HashMap<>(LABELS);
        labels.put("pod", pod);
        return new SandboxConfig(pod, "default", uid, 0, pod + "-host", false,
                new SandboxConfig.DnsSettings(List.of("10.43.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5")),
                List.of(), labels, Map.of("note", "test"), dir.toString(), null);
    }

    private static ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources,
                                             boolean tty) {
        return new ContainerConfig(name, 0, BUSYBOX, command, List.of(), null,
                List.of(new ContainerConfig.EnvVar("GREETING", "hi")), List.of(), LABELS, Map.of("a", "b"), tty, false,
                false, resources, ContainerConfig.Security.DEFAULT, name + "/0.log");
    }

    /** The log as "out:LINE" / "err:LINE" entries. */
    private static List<String> collectLogs(String id, LogOptions options) {
        List<String> lines = new ArrayList<>();
        runtime.logs(id, options, new LogSink() {
            @Override
            public void line(Instant time, boolean stderr, byte[] line) {
                lines.add((stderr ? "err:" : "out:") + new String(line, StandardCharsets.UTF_8));
            }

            @Override
            public boolean isClosed() {
                return false;
            }
        });
        return lines;
    }

    private static CompletableFuture<byte[]> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(50);
        }
    }
}
