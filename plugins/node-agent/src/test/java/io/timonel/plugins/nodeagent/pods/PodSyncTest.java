package io.timonel.plugins.nodeagent.pods;

import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.spec;
import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.plugins.nodeagent.probes.ProbeKind;
import io.timonel.plugins.nodeagent.probes.ProbeResult;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodSyncTest {
    @TempDir
    Path dir;
    PodSyncHarness h;

    @BeforeEach
    void setUp() {
        h = new PodSyncHarness(dir);
    }

    @Test
    void newPodGetsASandboxAndRunningContainersAndReportsRunningReady() throws Exception {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();

        SandboxConfig sandbox = h.runtime.sandboxConfigs.get(0);
        assertEquals("web", sandbox.hostname());
        assertEquals(List.of("10.96.0.10"), sandbox.dns().servers());
        assertEquals(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"),
                sandbox.dns().searches());
        assertEquals(List.of("ndots:5"), sandbox.dns().options());
        assertEquals("uid-web", sandbox.labels().get(Labels.POD_UID));
        assertEquals(dir.resolve("logs/default_web_uid-web").toString(), sandbox.logDirectory());

        ContainerStatus main = h.runtime.latest("main");
        assertEquals(ContainerStatus.State.RUNNING, main.state());
        ContainerConfig config = h.runtime.config(main.id());
        assertEquals("main/0.log", config.logPath());
        assertEquals("main", config.labels().get(Labels.CONTAINER_NAME));
        assertTrue(config.mounts().stream().anyMatch(m -> m.containerPath().equals("/etc/hosts")));
        String hosts = Files.readString(dir.resolve("pods/uid-web/etc-hosts"));
        assertTrue(hosts.contains(h.runtime.sandboxes().get(0).ip() + "\tweb\n"), hosts);

        assertEquals("Running", h.status().getPhase());
        assertEquals("192.168.1.10", h.status().getHostIP());
        assertEquals(h.runtime.sandboxes().get(0).ip(), h.status().getPodIP());
        assertEquals("BestEffort", h.status().getQosClass());
        assertNotNull(h.status().getStartTime());
        assertEquals("True", h.condition("Ready"));
        assertEquals("True", h.condition("ContainersReady"));
        assertEquals("True", h.condition("Initialized"));
        assertEquals("True", h.condition("PodReadyToStartContainers"));
        assertEquals("True", h.condition("PodScheduled"));
        var status = h.container("main");
        assertEquals("fake://" + main.id(), status.getContainerID());
        assertNotNull(status.getState().getRunning());
        assertTrue(status.getReady());
        assertTrue(status.getStarted());
        assertEquals(0, status.getRestartCount());
        assertTrue(h.events.contains("Created: Created container: main"));
        assertTrue(h.events.contains("Started: Started container main"));
    }

    @Test
    void aNewPodWaitsForItsTurnToStartAndARunningOneDoesNot() throws Exception {
        h.pod = pod("first", "Always", spec("main")).build();
        h.sync();
        h.pod = pod("second", "Always", spec("main")).build();
        PodStarts.Turn taken = h.starts.await(); // the only turn: another pod is starting
        java.util.concurrent.CompletableFuture<SyncResult> second =
                java.util.concurrent.CompletableFuture.supplyAsync(h::sync);
        for (int i = 0; i < 500 && h.starts.waiting() == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, h.starts.waiting());
        assertFalse(second.isDone());
        assertEquals(1, h.runtime.sandboxConfigs.size(), "no sandbox for the waiting pod yet");

        h.pod = pod("first", "Always", spec("main")).build();
        h.sync(); // running already: needs no turn

        taken.close();
        second.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(2, h.runtime.sandboxConfigs.size());
        assertEquals(1, h.starts.available(), "the turn is given back");
    }

        @Test
    void statusIsWrittenOnlyWhenItChanged() {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();
        h.clock.advance(Duration.ofSeconds(30));
        h.sync();
        h.sync();
        assertEquals(1, h.writes.size());
    }

    @Test
    void initContainersRunOneAfterTheOtherBeforeTheContainers() {
        h.pod = pod("init", "Always", spec("main")).editSpec()
                .withInitContainers(spec("first"), spec("second")).endSpec().build();
        h.sync();
        assertEquals(List.of("first"), names());
        assertEquals("Pending", h.status().getPhase());
        assertEquals("False", h.condition("Initialized"));
        assertEquals("PodInitializing", h.container("main").getState().getWaiting().getReason());

        h.runtime.exit(h.runtime.latest("first").id(), 0);
        h.sync();
        assertEquals(List.of("first", "second"), names());

        h.runtime.exit(h.runtime.latest("second").id(), 0);
        h.sync();
        assertEquals(List.of("first", "second", "main"), names());
        assertEquals("Running", h.status().getPhase());
        assertEquals("True", h.condition("Initialized"));
        assertEquals(0, h.init("first").getState().getTerminated().getExitCode());
        assertTrue(h.init("second").getReady());
    }

    @Test
    void failedInitContainerIsRetriedWithBackOffUnderAlways() {
        h.pod = pod("init", "Always", spec("main")).editSpec().withInitContainers(spec("setup")).endSpec()
                .build();
        h.sync();
        h.runtime.exit(h.runtime.latest("setup").id(), 1);
        h.sync(); // the first retry goes at once
        assertEquals(1, h.runtime.latest("setup").attempt());
        h.runtime.exit(h.runtime.latest("setup").id(), 1);
        SyncResult r = h.sync();
        assertEquals(1, h.runtime.latest("setup").attempt());
        assertEquals("CrashLoopBackOff", h.init("setup").getState().getWaiting().getReason());
        assertEquals(1, h.init("setup").getLastState().getTerminated().getExitCode());
        assertEquals("Pending", h.status().getPhase());
        assertEquals(Duration.ofSeconds(10), r.after());

        h.clock.advance(Duration.ofSeconds(10));
        h.sync();
        assertEquals(2, h.runtime.latest("setup").attempt());
        assertTrue(h.runtime.containers().stream().noneMatch(c -> c.name().equals("main")));
    }

    @Test
    void failedInitContainerFailsThePodUnderNever() {
        h.pod = pod("init", "Never", spec("main")).editSpec().withInitContainers(spec("setup")).endSpec()
                .build();
        h.sync();
        h.runtime.exit(h.runtime.latest("setup").id(), 2);
        h.sync();
        assertEquals("Failed", h.status().getPhase());
        assertEquals(List.of("setup"), names());
        assertFalse(h.runtime.sandboxes().get(0).ready());
    }

    @Test
    void crashingContainerWaitsInCrashLoopBackOffThatDoubles() {
        h.pod = pod("crash", "Always", spec("main")).build();
        h.sync();
        h.runtime.exit(h.runtime.latest("main").id(), 1);
        h.sync();
        assertEquals(1, h.runtime.latest("main").attempt());

        h.runtime.exit(h.runtime.latest("main").id(), 1);
        SyncResult r = h.sync();
        var status = h.container("main");
        assertEquals("CrashLoopBackOff", status.getState().getWaiting().getReason());
        assertEquals("back-off 10s restarting failed container=main pod=crash_default(uid-crash)",
                status.getState().getWaiting().getMessage());
        assertEquals(1, status.getRestartCount());
        assertEquals("Error", status.getLastState().getTerminated().getReason());
        assertEquals("Running", h.status().getPhase());
        assertEquals(Duration.ofSeconds(10), r.after());
        assertTrue(h.events.contains("BackOff: Back-off restarting failed container main in pod crash_default(uid-crash)"));

        h.clock.advance(Duration.ofSeconds(10));
        h.sync();
        assertEquals(2, h.runtime.latest("main").attempt());
        h.runtime.exit(h.runtime.latest("main").id(), 1);
        h.sync();
        assertEquals("back-off 20s restarting failed container=main pod=crash_default(uid-crash)",
                h.container("main").getState().getWaiting().getMessage());
    }

    @Test
    void oldInstancesBeyondTheLastTwoAreRemoved() {
        h.pod = pod("crash", "Always", spec("main")).build();
        h.sync();
        for (int i = 0; i < 4; i++) {
            h.runtime.exit(h.runtime.latest("main").id(), 1);
            h.clock.advance(Duration.ofMinutes(6));
            h.sync();
        }
        List<Integer> attempts = h.runtime.containers().stream().map(ContainerStatus::attempt).sorted().toList();
        assertEquals(List.of(3, 4), attempts);
    }

    @Test
    void onFailureLeavesASucceededContainerAndThePodSucceeds() {
        h.pod = pod("job", "OnFailure", spec("work")).build();
        h.sync();
        h.runtime.exit(h.runtime.latest("work").id(), 0);
        h.sync();
        assertEquals("Succeeded", h.status().getPhase());
        assertEquals("Completed", h.container("work").getState().getTerminated().getReason());
        assertEquals("False", h.condition("Ready"));
        assertEquals(1, h.runtime.containers().size());
        assertFalse(h.runtime.sandboxes().get(0).ready());
        h.sync();
        assertEquals(1, h.runtime.containers().size(), "kept for its logs");
    }

    @Test
    void neverRestartsAFailedContainerAndThePodFails() {
        h.pod = pod("once", "Never", spec("work")).build();
        h.sync();
        h.runtime.exit(h.runtime.latest("work").id(), 3);
        h.sync();
        assertEquals("Failed", h.status().getPhase());
        assertEquals(3, h.container("work").getState().getTerminated().getExitCode());
        assertEquals(1, h.runtime.containers().size());
    }

    @Test
    void failedLivenessProbeKillsTheContainerWhichRestarts() {
        Container c = new ContainerBuilder(spec("main")).withNewLivenessProbe().withNewExec()
                .withCommand("cat", "/tmp/healthy").endExec().endLivenessProbe().build();
        h.pod = pod("flaky", "Always", c).build();
        h.sync();
        String first = h.runtime.latest("main").id();
        h.probes.set(first, ProbeKind.LIVENESS, ProbeResult.FAILURE);
        h.sync();
        assertTrue(h.events.contains("Killing: Container main failed liveness probe, will be restarted"), h.events.toString());
        assertTrue(h.runtime.calls.contains("stop main#0 30s"));
        h.sync();
        var status = h.container("main");
        assertEquals(1, status.getRestartCount());
        assertNotNull(status.getState().getRunning());
        assertEquals(137, status.getLastState().getTerminated().getExitCode());
    }

    @Test
    void readinessProbeDecidesTheReadyCondition() {
        Container c = new ContainerBuilder(spec("web")).withNewReadinessProbe().withNewExec()
                .withCommand("cat", "/tmp/ready").endExec().endReadinessProbe().build();
        h.pod = pod("gate", "Always", c).build();
        h.sync();
        assertEquals("Running", h.status().getPhase());
        assertEquals("False", h.condition("Ready"));
        assertFalse(h.container("web").getReady());
        String id = h.runtime.latest("web").id();
        assertEquals(id, h.probes.running.get("uid-gate").get("web").id());

        h.probes.set(id, ProbeKind.READINESS, ProbeResult.SUCCESS);
        h.sync();
        assertEquals("True", h.condition("Ready"));
        h.probes.set(id, ProbeKind.READINESS, ProbeResult.FAILURE);
        h.sync();
        assertEquals("False", h.condition("Ready"));
    }

    @Test
    void startupProbeHoldsStartedAndReadyBack() {
        Container c = new ContainerBuilder(spec("slow")).withNewStartupProbe().withNewExec()
                .withCommand("true").endExec().endStartupProbe().build();
        h.pod = pod("slow", "Always", c).build();
        h.sync();
        assertFalse(h.container("slow").getStarted());
        assertFalse(h.container("slow").getReady());
        h.probes.set(h.runtime.latest("slow").id(), ProbeKind.STARTUP, ProbeResult.SUCCESS);
        h.sync();
        assertTrue(h.container("slow").getStarted());
        assertTrue(h.container("slow").getReady());
    }

    @Test
    void deletionRunsPreStopStopsWithinTheGracePeriodAndFinishesTheDeletion() {
        Container c = new ContainerBuilder(spec("main")).withNewLifecycle().withNewPreStop().withNewExec()
                .withCommand("sh", "-c", "goodbye").endExec().endPreStop().endLifecycle().build();
        h.pod = pod("bye", "Always", c).build();
        h.sync();
        String id = h.runtime.latest("main").id();
        h.pod = new PodBuilder(h.pod).editMetadata().withDeletionTimestamp("2026-11-24T10:00:05Z")
                .withDeletionGracePeriodSeconds(5L).endMetadata().build();
        SyncResult r = h.sync();
        assertEquals(List.of("sh -c goodbye in " + id), h.hooks);
        assertTrue(h.runtime.calls.contains("stop main#0 5s"), h.runtime.calls.toString());
        assertTrue(h.runtime.sandboxes().isEmpty());
        assertTrue(h.runtime.containers().isEmpty());
        assertTrue(h.events.contains("TearDown: uid-bye"));
        assertFalse(Files.exists(dir.resolve("pods/uid-bye")));
        assertTrue(h.deleted);
        assertTrue(r.finished());
    }

    @Test
    void missingImageUnderNeverWaitsWithErrImageNeverPull() {
        Container c = new ContainerBuilder(spec("main")).withImage("nothere:1").withImagePullPolicy("Never").build();
        h.pod = pod("img", "Always", c).build();
        h.sync();
        var waiting = h.container("main").getState().getWaiting();
        assertEquals("ErrImageNeverPull", waiting.getReason());
        assertEquals("Container image \"nothere:1\" is not present with pull policy of Never", waiting.getMessage());
        assertEquals("Pending", h.status().getPhase());
    }

    @Test
    void failedPullGivesErrImagePullThenImagePullBackOff() {
        Container c = new ContainerBuilder(spec("main")).withImage("nothere:1").build();
        h.pod = pod("img", "Always", c).build();
        h.sync();
        assertEquals("ErrImagePull", h.container("main").getState().getWaiting().getReason());
        assertTrue(h.container("main").getState().getWaiting().getMessage().contains("no registry reachable"));
        h.clock.advance(Duration.ofSeconds(2));
        h.sync();
        assertEquals("ImagePullBackOff", h.container("main").getState().getWaiting().getReason());
        assertEquals(1, h.runtime.calls.stream().filter(s -> s.startsWith("pull ")).count());
        h.clock.advance(Duration.ofSeconds(10));
        h.sync();
        assertEquals(2, h.runtime.calls.stream().filter(s -> s.startsWith("pull ")).count());
    }

    @Test
    void unresolvableEnvWaitsWithCreateContainerConfigError() {
        h.envFailure = "configmap \"app-config\" not found";
        h.pod = pod("cfg", "Always", spec("main")).build();
        h.sync();
        var waiting = h.container("main").getState().getWaiting();
        assertEquals("CreateContainerConfigError", waiting.getReason());
        assertEquals("configmap \"app-config\" not found", waiting.getMessage());
        h.envFailure = null;
        h.clock.advance(Duration.ofSeconds(5));
        h.sync();
        assertNotNull(h.container("main").getState().getRunning());
    }

    @Test
    void agentRestartAdoptsRunningContainersWithoutRestartingThem() {
        h.pod = pod("keep", "Always", spec("main")).build();
        h.sync();
        h.runtime.exit(h.runtime.latest("main").id(), 1);
        h.sync();
        int creates = (int) h.runtime.calls.stream().filter(s -> s.startsWith("create")).count();

        PodSyncHarness after = new PodSyncHarnessOver(h).harness();
        after.pod = h.pod;
        after.sync();
        assertEquals(creates, (int) h.runtime.calls.stream().filter(s -> s.startsWith("create")).count());
        assertEquals(1, h.runtime.sandboxConfigs.size());
        assertEquals(1, after.container("main").getRestartCount());
        assertNotNull(after.container("main").getState().getRunning());
    }

    @Test
    void orphansAreStoppedAndRemoved() {
        h.pod = pod("gone", "Always", spec("main")).build();
        h.sync();
        var stub = new PodBuilder().withNewMetadata().withUid("uid-gone").withName("gone").withNamespace("default")
                .endMetadata().withNewSpec().endSpec().build();
        SyncResult r = h.sync.terminate(stub, new PodRecord("uid-gone"), Duration.ofSeconds(2), false);
        assertTrue(r.finished());
        assertTrue(h.runtime.containers().isEmpty());
        assertTrue(h.runtime.sandboxes().isEmpty());
        assertFalse(h.deleted);
    }

    @Test
    void cleanupFromAnOutdatedListingFindsThingsGoneAndIsDone() {
        h.pod = pod("gone", "Always", spec("main")).build();
        h.sync();
        h.view.relist();
        h.runtime.removeSandbox(h.runtime.sandboxes().get(0).id()); // someone else's cleanup got there first
        SyncResult r = h.sync.terminate(h.pod, new PodRecord("uid-gone"), Duration.ofSeconds(2), false);
        assertTrue(r.finished());
    }

    @Test
    void deadSandboxIsReplacedAndItsContainersStartAgain() {
        h.pod = pod("net", "Always", spec("main")).build();
        h.sync();
        h.runtime.killSandbox(h.runtime.sandboxes().get(0).id());
        h.sync();
        assertEquals(2, h.runtime.sandboxConfigs.size());
        assertEquals(1, h.runtime.sandboxConfigs.get(1).attempt());
        assertEquals(1, h.runtime.latest("main").attempt());
        assertEquals(ContainerStatus.State.RUNNING, h.runtime.latest("main").state());
    }

    @Test
    void evictedPodStopsAndFailsWithReasonEvicted() {
        h.pod = pod("hog", "Always", spec("main")).build();
        h.sync();
        h.record().evict("The node was low on resource: memory. ");
        h.sync();
        assertEquals("Failed", h.status().getPhase());
        assertEquals("Evicted", h.status().getReason());
        assertEquals("The node was low on resource: memory. ", h.status().getMessage());
        assertTrue(h.runtime.calls.contains("stop main#0 0s"));
        h.sync();
        assertEquals(1, h.runtime.containers().size(), "nothing starts again");
    }

    @Test
    void whatAContainerWroteToItsTerminationLogIsItsMessage() throws Exception {
        h.pod = pod("msg", "Never", spec("main")).build();
        h.sync();
        ContainerStatus main = h.runtime.latest("main");
        ContainerConfig.Mount log = h.runtime.config(main.id()).mounts().stream()
                .filter(m -> m.containerPath().equals("/dev/termination-log")).findFirst().orElseThrow();
        Files.writeString(Path.of(log.hostPath()), "disk full");
        h.runtime.exit(main.id(), 1);
        h.sync();
        assertEquals("disk full", h.container("main").getState().getTerminated().getMessage());
    }

    private static Container sidecar(String name) {
        return new ContainerBuilder(spec(name)).withRestartPolicy("Always").build();
    }

    @Test
    void sidecarStartsBeforeTheNextInitContainerAndRunsBesideTheContainers() {
        h.pod = pod("side", "Always", spec("main")).editSpec().withInitContainers(sidecar("proxy"), spec("setup"))
                .endSpec().build();
        h.sync();
        assertEquals(List.of("proxy"), names());
        h.sync();
        assertEquals(List.of("proxy", "setup"), names());
        assertEquals("Pending", h.status().getPhase());
        h.runtime.exit(h.runtime.latest("setup").id(), 0);
        h.sync();
        assertEquals(List.of("proxy", "setup", "main"), names());
        assertEquals("Running", h.status().getPhase());
        assertEquals("True", h.condition("Initialized"));
        assertEquals("True", h.condition("Ready"));
        assertTrue(h.init("proxy").getStarted());

        h.runtime.exit(h.runtime.latest("proxy").id(), 1);
        h.sync();
        assertEquals(1, h.runtime.latest("proxy").attempt(), "a sidecar restarts");
        assertEquals(0, h.runtime.latest("main").attempt(), "the containers go on");
        assertEquals(ContainerStatus.State.RUNNING, h.runtime.latest("main").state());
    }

    @Test
    void podWithSidecarsSucceedsWhenItsContainersCompleteAndStopsThemLast() {
        h.pod = pod("job", "Never", spec("work")).editSpec().withInitContainers(sidecar("proxy")).endSpec().build();
        h.sync();
        h.sync();
        h.runtime.exit(h.runtime.latest("work").id(), 0);
        h.sync();
        assertEquals("Succeeded", h.status().getPhase());
        assertEquals(ContainerStatus.State.EXITED, h.runtime.latest("proxy").state());
    }

    @Test
    void deletionStopsTheContainersBeforeTheSidecars() {
        h.pod = pod("order", "Always", spec("main")).editSpec().withInitContainers(sidecar("proxy")).endSpec().build();
        h.sync();
        h.sync();
        h.runtime.calls.clear();
        h.pod = new PodBuilder(h.pod).editMetadata().withDeletionTimestamp("2026-11-24T10:00:05Z")
                .withDeletionGracePeriodSeconds(5L).endMetadata().build();
        h.sync();
        List<String> stops = h.runtime.calls.stream().filter(c -> c.startsWith("stop ")).toList();
        assertEquals(List.of("stop main#0 5s", "stop proxy#0 5s"), stops);
    }

    @Test
    void podPastItsActiveDeadlineFailsWithDeadlineExceeded() {
        h.pod = pod("slow", "Always", spec("main")).editSpec().withActiveDeadlineSeconds(60L).endSpec().build();
        SyncResult r = h.sync();
        assertEquals(Duration.ofSeconds(60), r.after());
        h.clock.advance(Duration.ofSeconds(60));
        h.sync();
        assertEquals("Failed", h.status().getPhase());
        assertEquals("DeadlineExceeded", h.status().getReason());
        assertEquals(ContainerStatus.State.EXITED, h.runtime.latest("main").state());
    }

    @Test
    void hostNetworkPodUsesTheNodeAddressAndNoHostsFile() {
        h.pod = pod("hostnet", "Always", spec("main")).editSpec().withHostNetwork(true).endSpec().build();
        h.sync();
        assertEquals("192.168.1.10", h.status().getPodIP());
        assertEquals("host-1", h.runtime.sandboxConfigs.get(0).hostname());
        assertNull(h.runtime.sandboxConfigs.get(0).dns(), "ClusterFirst with hostNetwork is the node's resolver");
        ContainerConfig config = h.runtime.config(h.runtime.latest("main").id());
        assertTrue(config.mounts().stream().noneMatch(m -> m.containerPath().equals("/etc/hosts")));
    }

    // ---- ephemeral containers ----------------------------------------------------------------------------

    @Test
    void ephemeralContainerWithATargetSharesTheTargetsProcessNamespace() {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();
        h.addEphemeral(new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder(PodSyncHarness.debugger("peek"))
                .withTargetContainerName("main").build());
        h.addEphemeral(PodSyncHarness.debugger("alone"));
        h.sync();

        assertEquals(h.runtime.latest("main").id(),
                h.runtime.config(h.runtime.latest("peek").id()).security().pidNamespaceOf());
        assertNull(h.runtime.config(h.runtime.latest("alone").id()).security().pidNamespaceOf());
    }

    @Test
    void ephemeralContainerStartsOnceInTheRunningSandboxAndIsNeverRestarted() {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();
        String sandbox = h.runtime.sandboxes().get(0).id();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();

        ContainerStatus debugger = h.runtime.latest("debugger");
        assertEquals(ContainerStatus.State.RUNNING, debugger.state());
        assertEquals(sandbox, debugger.sandboxId());
        assertEquals(0, debugger.attempt());
        ContainerConfig config = h.runtime.config(debugger.id());
        assertTrue(config.tty() && config.stdin(), "kubectl debug -it attaches a terminal");
        assertEquals(List.of("sh"), config.command());
        assertEquals("debugger", config.labels().get(Labels.CONTAINER_NAME));
        assertEquals("debugger/0.log", config.logPath());
        assertTrue(config.mounts().stream().anyMatch(m -> m.containerPath().equals("/etc/hosts")));
        assertTrue(h.events.contains("Started: Started container debugger"));

        h.runtime.exit(debugger.id(), 1);
        for (int i = 0; i < 3; i++) {
            h.clock.advance(Duration.ofMinutes(6));
            h.sync();
        }
        assertEquals(1, h.runtime.containers().stream().filter(c -> c.name().equals("debugger")).count(),
                "never started again, and its one instance is kept for its logs");
        assertEquals(ContainerStatus.State.EXITED, h.runtime.latest("debugger").state());
        assertEquals(ContainerStatus.State.RUNNING, h.runtime.latest("main").state());
        assertEquals(1, h.runtime.sandboxConfigs.size());
    }

    @Test
    void ephemeralContainerStatusesAreReportedAndDoNotAffectReadiness() {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();

        String id = h.runtime.latest("debugger").id();
        var running = h.ephemeral("debugger");
        assertNotNull(running.getState().getRunning());
        assertEquals("fake://" + id, running.getContainerID());
        assertEquals("busybox:local", running.getImage());
        assertFalse(running.getReady());
        assertNull(running.getStarted(), "probes do not apply to ephemeral containers");
        assertEquals(0, running.getRestartCount());
        assertEquals(1, h.status().getContainerStatuses().size());
        assertEquals("Running", h.status().getPhase());
        assertEquals("True", h.condition("Ready"));
        assertEquals("True", h.condition("ContainersReady"));

        h.runtime.exit(id, 1);
        h.sync();
        var exited = h.ephemeral("debugger");
        assertEquals(1, exited.getState().getTerminated().getExitCode());
        assertEquals("Error", exited.getState().getTerminated().getReason());
        assertEquals(0, exited.getRestartCount());
        assertEquals("Running", h.status().getPhase());
        assertEquals("True", h.condition("Ready"));
    }

    @Test
    void ephemeralContainerThatCannotStartWaitsWithItsReasonAndIsTriedAgain() {
        h.pod = pod("web", "Always", spec("main")).build();
        h.sync();
        h.addEphemeral(new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder(PodSyncHarness.debugger("debugger"))
                .withImage("nothere:1").withImagePullPolicy("Never").build());
        h.sync();
        var waiting = h.ephemeral("debugger").getState().getWaiting();
        assertEquals("ErrImageNeverPull", waiting.getReason());
        assertEquals("True", h.condition("Ready"));

        h.runtime.addImage("nothere:1");
        h.clock.advance(PodSync.RETRY);
        h.sync();
        assertNotNull(h.ephemeral("debugger").getState().getRunning());
    }

    @Test
    void ephemeralContainerNeedNotWaitForTheInitContainers() {
        h.pod = pod("init", "Always", spec("main")).editSpec().withInitContainers(spec("slow")).endSpec().build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        assertEquals(List.of("debugger", "slow"), names().stream().sorted().toList());
        assertEquals("Pending", h.status().getPhase());
    }

    @Test
    void podWithoutSandboxGetsNoneForAnEphemeralContainer() {
        h.pod = pod("job", "Never", spec("work")).build();
        h.sync();
        h.runtime.exit(h.runtime.latest("work").id(), 0);
        h.sync();
        assertEquals("Succeeded", h.status().getPhase());

        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        assertEquals(1, h.runtime.sandboxConfigs.size(), "no new sandbox");
        assertEquals(List.of("work"), names());
        assertEquals("Succeeded", h.status().getPhase());
    }

    @Test
    void ephemeralContainerIsNotStartedAgainInANewSandbox() {
        h.pod = pod("net", "Always", spec("main")).build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        h.runtime.killSandbox(h.runtime.sandboxes().get(0).id());
        h.sync();
        assertEquals(2, h.runtime.sandboxConfigs.size());
        assertEquals(1, h.runtime.latest("main").attempt());
        assertEquals(1, h.runtime.containers().stream().filter(c -> c.name().equals("debugger")).count());
        assertEquals(ContainerStatus.State.EXITED, h.runtime.latest("debugger").state(),
                "stopped with its sandbox, as the kubelet kills a pod's containers for a new sandbox");
    }

    @Test
    void deletionStopsEphemeralContainersToo() {
        h.pod = pod("bye", "Always", spec("main")).build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        h.pod = new PodBuilder(h.pod).editMetadata().withDeletionTimestamp("2026-11-24T10:00:05Z")
                .withDeletionGracePeriodSeconds(5L).endMetadata().build();
        SyncResult r = h.sync();
        assertTrue(h.runtime.calls.contains("stop debugger#0 5s"), h.runtime.calls.toString());
        assertTrue(h.events.contains("Killing: Stopping container debugger"), h.events.toString());
        assertTrue(h.runtime.containers().isEmpty());
        assertTrue(r.finished());
    }

    @Test
    void podThatCompletesStopsItsEphemeralContainers() {
        h.pod = pod("job", "Never", spec("work")).build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        h.runtime.exit(h.runtime.latest("work").id(), 0);
        h.sync();
        assertEquals("Succeeded", h.status().getPhase());
        assertEquals(ContainerStatus.State.EXITED, h.runtime.latest("debugger").state());
        assertNotNull(h.ephemeral("debugger").getState().getTerminated());
    }

    private List<String> names() {
        return h.runtime.containers().stream().map(ContainerStatus::name).toList();
    }

    /** A second harness over the same runtime: the agent after a restart (no memory of its own). */
    private record PodSyncHarnessOver(PodSyncHarness before) {
        PodSyncHarness harness() {
            return new PodSyncHarness(before.node.stateDir(), before.runtime, before.clock);
        }
    }
}
