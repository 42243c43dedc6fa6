package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.images.ImageService;
import io.timonel.plugins.nodeagent.probes.ProbeKind;
import io.timonel.plugins.nodeagent.probes.ProbeResults;
import io.timonel.plugins.nodeagent.probes.Probes;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One pod's sync, level-based like the kubelet's: reads what the runtime holds for the pod and
 * takes the steps that bring it towards its spec — the sandbox, the init containers one after
 * the other, the containers (restarted per restartPolicy with back-off, killed when a liveness
 * or startup probe fails), the ephemeral containers started once each, old instances removed —
 * then writes the status when it changed. A pod being deleted is stopped gracefully and its
 * deletion finished. Each call is idempotent; one pod is synced by one thread at a time (its
 * worker), pods in parallel.
 */
public final class PodSync {
    /** How soon a container that could not be made (config, runtime error) is tried again. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How long an orphan's containers get to stop. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);
    /** How often a running pod's volumes are brought up to date (ConfigMap and Secret changes). */
    static final Duration VOLUME_REFRESH = Duration.ofSeconds(10);

    private final ContainerRuntime runtime;
    private final RuntimeView view;
    private final ContainerActions actions;
    private final Probes probes;
    private final PodVolumes volumes;
    private final ImageService images;
    private final PodStatusWriter writer;
    private final PodEvents events;
    private final Backoff backoff;
    private final NodeIdentity node;
    private final Clock clock;
    private final TerminationMessages messages;
    private final PodCleanup cleanup;
    private final PodStarts starts;

    /**
     * @param stopper runs the stops of a terminating pod's containers in parallel
     * @param starts  turns for pods getting a new sandbox
     */
    public PodSync(ContainerRuntime runtime, RuntimeView view, ContainerActions actions, Probes probes,
                   PodVolumes volumes, ImageService images, PodStatusWriter writer, PodEvents events,
                   Backoff backoff, NodeIdentity node, Clock clock, Executor stopper, TerminationMessages messages,
                   PodStarts starts) {
        this.messages = messages;
        this.starts = starts;
        this.runtime = runtime;
        this.view = view;
        this.actions = actions;
        this.probes = probes;
        this.volumes = volumes;
        this.images = images;
        this.writer = writer;
        this.events = events;
        this.backoff = backoff;
        this.node = node;
        this.clock = clock;
        this.cleanup = new PodCleanup(runtime, view, actions, probes, volumes, images, backoff, node, stopper, messages);
    }

    /**
     * Brings a pod bound to this node one round closer to its spec.
     *
     * @throws RuntimeUnavailableException when the runtime fails: the worker tries again later
     */
    public SyncResult sync(Pod pod, PodRecord rec) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return terminate(pod, rec, deletionGrace(pod), true);
        }
        String uid = pod.getMetadata().getUid();
        PodRuntime rt = view.newerThan(rec.mark).pod(uid);
        if (rec.terminalPhase == null && rec.eviction() != null && !PodStatuses.isTerminal(pod.getStatus())) {
            cleanup.stopAll(pod, rt, Duration.ZERO, false);
            rec.terminalPhase = PodPhase.FAILED;
            rec.terminalReason = "Evicted";
            rec.terminalMessage = rec.eviction();
            events.warning(pod, null, "Evicted", rec.eviction());
            rt = refresh(rec, uid);
        }
        Duration deadline = activeDeadline(pod, rec);
        if (rec.terminalPhase == null && deadline != null && deadline.isZero()
                && !PodStatuses.isTerminal(pod.getStatus())) {
            cleanup.stopAll(pod, rt, ContainerActions.grace(pod), true);
            rec.terminalPhase = PodPhase.FAILED;
            rec.terminalReason = "DeadlineExceeded";
            rec.terminalMessage = "Pod was active on the node longer than the specified deadline";
            events.normal(pod, null, "DeadlineExceeded", rec.terminalMessage);
            rt = refresh(rec, uid);
        }
        if (rec.terminalPhase != null || PodStatuses.isTerminal(pod.getStatus())) {
            return finishTerminal(pod, rec, rt);
        }
        SandboxStatus sandbox = rt.readySandbox().orElse(null);
        if (sandbox != null) {
            return syncInSandbox(pod, rec, rt, sandbox);
        }
        if (PodStatuses.isTerminal(status(pod, rec, rt, null, null))) { // done, and nothing restarts: no new sandbox
            return finishTerminal(pod, rec, rt);
        }
        try (PodStarts.Turn turn = starts.await()) {
            Outcome<String> made = makeSandbox(pod, rec, rt);
            rt = refresh(rec, uid);
            if (!made.ok()) {
                write(pod, rec, status(pod, rec, rt, null, null));
                return SyncResult.after(RETRY);
            }
            sandbox = rt.sandboxes().stream().filter(s -> s.id().equals(made.value())).findFirst().orElse(null);
            if (sandbox == null || !sandbox.ready()) {
                return SyncResult.after(RETRY);
            }
            return syncInSandbox(pod, rec, rt, sandbox);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SyncResult.after(RETRY);
        }
    }

    /** A sync round of a pod whose sandbox is ready: its containers, probes and status. */
    private SyncResult syncInSandbox(Pod pod, PodRecord rec, PodRuntime rt, SandboxStatus sandbox) {
        String uid = pod.getMetadata().getUid();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        String podIp = hostNetwork ? node.hostIp() : sandbox.ip();
        Path hosts = hostNetwork ? null
                : HostsFile.write(node.podDirectory(uid), HostsFile.content(pod, podIp, node.clusterDomain()));
        SandboxConfig sandboxConfig = PodSandboxes.config(pod, Math.max(0, rt.sandboxes().size() - 1), node);
        Step step = new Step(pod, rec, rt, sandbox, sandboxConfig, podIp, hosts);

        if (syncInit(step)) {
            syncContainers(step);
        }
        syncEphemeral(step); // they need not wait for the init containers
        if (step.acted) {
            rt = refresh(rec, uid);
        }
        refreshVolumes(pod, rec);
        probes.sync(pod, podIp, runningMain(pod, rt, sandbox.id()));
        PodStatus status = status(pod, rec, rt, sandbox, podIp);
        write(pod, rec, status);
        if (PodStatuses.isTerminal(status)) {
            return finishTerminal(pod, rec, rt);
        }
        cleanup.collectGarbage(pod, rt);
        Duration left = activeDeadline(pod, rec); // known once the startTime is written
        if (left != null) {
            step.waitAtMost(left);
        }
        return SyncResult.after(step.wait);
    }

    /** The state of one sync round. */
    private static final class Step {
        final Pod pod;
        final PodRecord rec;
        final PodRuntime rt;
        final SandboxStatus sandbox;
        final SandboxConfig sandboxConfig;
        final String podIp;
        final Path hosts;
        final RestartPolicy policy;
        boolean acted;
        Duration wait;

        Step(Pod pod, PodRecord rec, PodRuntime rt, SandboxStatus sandbox, SandboxConfig sandboxConfig, String podIp,
             Path hosts) {
            this.pod = pod;
            this.rec = rec;
            this.rt = rt;
            this.sandbox = sandbox;
            this.sandboxConfig = sandboxConfig;
            this.podIp = podIp;
            this.hosts = hosts;
            this.policy = RestartPolicy.of(pod.getSpec());
        }

        void waitAtMost(Duration d) {
            wait = SyncResult.sooner(wait, d);
        }
    }

    // ---- sandbox ------------------------------------------------------------------------------------

    private Outcome<String> makeSandbox(Pod pod, PodRecord rec, PodRuntime rt) {
        // a new sandbox means new containers: what ran in the old one stops
        for (ContainerStatus c : rt.live()) {
            PodCleanup.gone(() -> runtime.stopContainer(c.id(), Duration.ZERO));
        }
        for (SandboxStatus s : rt.sandboxes()) {
            if (s.ready()) {
                PodCleanup.gone(() -> runtime.stopSandbox(s.id()));
            }
        }
        SandboxConfig config = PodSandboxes.config(pod, rt.sandboxes().size(), node);
        try {
            Files.createDirectories(Path.of(config.logDirectory()));
        } catch (IOException e) {
            // the runtime reports it if it needs the directory
        }
        try {
            String id = runtime.runSandbox(config);
            rec.sandboxError = null;
            return Outcome.of(id);
        } catch (RuntimeUnavailableException e) {
            String message = "Failed to create pod sandbox: " + e.getMessage();
            events.warning(pod, null, "FailedCreatePodSandBox", message);
            rec.sandboxError = new Waiting(Waiting.CONTAINER_CREATING, message);
            return Outcome.failed("FailedCreatePodSandBox", message);
        }
    }

    // ---- init containers --------------------------------------------------------------------------

    /**
     * Runs the init containers one after the other — each regular one must exit 0, each sidecar
     * (restartPolicy Always) must have started — and keeps the sidecars running; returns whether
     * the pod is initialized (then its containers may run). A pod whose containers have started
     * in this sandbox stays initialized: only its sidecars are looked after.
     */
    private boolean syncInit(Step s) {
        boolean initialized = s.pod.getSpec().getContainers().stream()
                .anyMatch(c -> s.rt.latestIn(c.getName(), s.sandbox.id()).isPresent());
        for (Container c : s.pod.getSpec().getInitContainers()) {
            ContainerStatus inst = s.rt.latestIn(c.getName(), s.sandbox.id()).orElse(null);
            boolean sidecar = Sidecars.is(c);
            if (initialized && !sidecar) {
                continue;
            }
            if (inst == null) {
                start(s, c, true, s.rt.nextAttempt(c.getName()));
                if (!initialized) {
                    return false;
                }
                continue;
            }
            switch (inst.state()) {
                case RUNNING -> {
                    if (sidecar) {
                        checkRunning(s, c, true, inst);
                        if (!initialized && !probes.health(c, inst.id()).started()) {
                            return false; // the next one waits for this sidecar's start
                        }
                        continue;
                    }
                    return false;
                }
                case CREATED -> {
                    startCreated(s, inst);
                    if (!initialized) {
                        return false;
                    }
                }
                default -> {
                    if (!sidecar && inst.exitCode() == 0 && inst.state() == ContainerStatus.State.EXITED) {
                        continue;
                    }
                    if (!sidecar && !s.policy.retriesInit()) {
                        return false; // the pod fails: its status says so
                    }
                    restartWithBackoff(s, c, true, inst);
                    if (!initialized) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // ---- containers -----------------------------------------------------------------------------------

    private void syncContainers(Step s) {
        for (Container c : s.pod.getSpec().getContainers()) {
            ContainerStatus inst = s.rt.latestIn(c.getName(), s.sandbox.id()).orElse(null);
            if (inst == null) {
                ContainerStatus earlier = s.rt.latest(c.getName()).orElse(null);
                if (earlier != null && ContainerStatuses.exited(earlier) && !s.policy.restarts(earlier.exitCode())) {
                    continue; // it ran to its end in an earlier sandbox
                }
                start(s, c, false, s.rt.nextAttempt(c.getName()));
                continue;
            }
            switch (inst.state()) {
                case RUNNING -> checkRunning(s, c, false, inst);
                case CREATED -> startCreated(s, inst);
                default -> {
                    if (s.policy.restarts(inst.exitCode())) {
                        restartWithBackoff(s, c, false, inst);
                    }
                }
            }
        }
    }

    // ---- ephemeral containers ------------------------------------------------------------------------

    /**
     * Starts each ephemeral container that has no instance yet, in any sandbox of the pod: one
     * that ran (or runs) is never started again, as the kubelet does. One whose start failed
     * before the runtime made it (image, config) is tried again, as it never ran.
     */
    private void syncEphemeral(Step s) {
        for (Container c : EphemeralContainers.of(s.pod.getSpec())) {
            ContainerStatus inst = s.rt.latest(c.getName()).orElse(null);
            if (inst == null) {
                // kubectl debug --target: it sees the target's processes, when the target runs
                String target = EphemeralContainers.target(s.pod.getSpec(), c.getName())
                        .flatMap(t -> s.rt.latestIn(t, s.sandbox.id()))
                        .filter(t -> t.state() == ContainerStatus.State.RUNNING).map(ContainerStatus::id).orElse(null);
                start(s, c, false, 0, target);
            } else if (inst.state() == ContainerStatus.State.CREATED && s.sandbox.id().equals(inst.sandboxId())) {
                startCreated(s, inst); // made, never started (the agent stopped in between)
            }
        }
    }

    /** Kills a running container whose liveness or startup probe failed, or whose image changed. */
    private void checkRunning(Step s, Container c, boolean init, ContainerStatus inst) {
        ProbeResults.Health health = probes.health(c, inst.id());
        String hash = inst.labels().get(Labels.CONTAINER_HASH);
        if (health.failed() != null) {
            String what = health.failed() == ProbeKind.LIVENESS ? "liveness" : "startup";
            actions.stop(s.pod, c, init, inst.id(), s.podIp, probeGrace(s.pod, health.failed().of(c)),
                    "Container " + c.getName() + " failed " + what + " probe, will be restarted", true);
            s.acted = true;
        } else if (hash != null && !hash.equals(ContainerConfigs.hash(c))) {
            actions.stop(s.pod, c, init, inst.id(), s.podIp, ContainerActions.grace(s.pod),
                    "Container " + c.getName() + " definition changed, will be restarted", true);
            s.acted = true;
        }
    }

    /** Restarts an exited container now, or says it waits in CrashLoopBackOff until its back-off ends. */
    private void restartWithBackoff(Step s, Container c, boolean init, ContainerStatus inst) {
        String key = s.pod.getMetadata().getUid() + "/" + c.getName();
        Duration left = backoff.remaining(key, inst.finishedAt());
        if (left.isZero()) {
            backoff.next(key);
            start(s, c, init, inst.attempt() + 1);
            return;
        }
        String pod = s.pod.getMetadata().getName() + "_" + s.pod.getMetadata().getNamespace() + "("
                + s.pod.getMetadata().getUid() + ")";
        s.rec.waiting.put(c.getName(), new Waiting(Waiting.CRASH_LOOP_BACK_OFF, "back-off "
                + GoDuration.format(backoff.delay(key)) + " restarting failed container=" + c.getName() + " pod=" + pod));
        events.warning(s.pod, ContainerActions.fieldPath(s.pod, c, init), "BackOff",
                "Back-off restarting failed container " + c.getName() + " in pod " + pod);
        s.waitAtMost(left);
    }

    private void start(Step s, Container c, boolean init, int attempt) {
        start(s, c, init, attempt, null);
    }

    /** @param pidNamespaceOf a running container whose processes this one shares, or null */
    private void start(Step s, Container c, boolean init, int attempt, String pidNamespaceOf) {
        s.acted = true;
        Outcome<String> started = actions.start(s.pod, c, init, attempt, s.sandbox.id(), s.sandboxConfig, s.podIp,
                s.hosts, pidNamespaceOf);
        if (started.ok()) {
            s.rec.waiting.remove(c.getName());
            return;
        }
        s.rec.waiting.put(c.getName(), new Waiting(started.reason(), started.message()));
        Duration pull = images.pullWait(s.pod, c);
        s.waitAtMost(pull.isZero() ? RETRY : pull);
    }

    /** A container created but never started (the agent stopped in between): start it now. */
    private void startCreated(Step s, ContainerStatus inst) {
        s.acted = true;
        try {
            runtime.startContainer(inst.id());
        } catch (RuntimeUnavailableException e) {
            PodCleanup.gone(() -> runtime.removeContainer(inst.id()));
            s.waitAtMost(RETRY);
        }
    }

    // ---- status -----------------------------------------------------------------------------------------

    private PodStatus status(Pod pod, PodRecord rec, PodRuntime rt, SandboxStatus sandbox, String podIp) {
        Pod base = rec.lastWritten == null ? pod
                : new PodBuilder(pod).withStatus(PodStatuses.merge(pod.getStatus(), rec.lastWritten)).build();
        return PodStatuses.build(base, new PodStatuses.Inputs(rt, sandbox != null && sandbox.ready(), podIp,
                rec.waiting, probes, runtimeName(), node.hostIp(), rec.terminalPhase, rec.terminalReason,
                rec.terminalMessage, (spec, exited) -> messages.message(pod.getMetadata().getUid(), spec, exited)),
                clock.instant());
    }

    private void write(Pod pod, PodRecord rec, PodStatus status) {
        if (status.equals(pod.getStatus()) || status.equals(rec.lastWritten)) {
            return;
        }
        if (writer.write(pod, status)) {
            rec.lastWritten = status;
        }
    }

    private String runtimeName() {
        String v = runtime.version();
        int i = v.indexOf("://");
        return i < 0 ? v : v.substring(0, i);
    }

    // ---- terminal pods, deletion -----------------------------------------------------------------------

    /** A pod that reached Succeeded or Failed: nothing runs any more, its containers stay for their logs. */
    private SyncResult finishTerminal(Pod pod, PodRecord rec, PodRuntime rt) {
        String uid = pod.getMetadata().getUid();
        if (!rt.live().isEmpty() || rt.sandboxes().stream().anyMatch(SandboxStatus::ready)) {
            cleanup.stopAll(pod, rt, ContainerActions.grace(pod), true);
            for (SandboxStatus s : rt.sandboxes()) {
                if (s.ready()) {
                    PodCleanup.gone(() -> runtime.stopSandbox(s.id()));
                }
            }
            rt = refresh(rec, uid);
        }
        probes.forget(uid);
        write(pod, rec, status(pod, rec, rt, null, null));
        return SyncResult.resync();
    }

    /**
     * Stops everything of a pod and removes it from the node (see {@link PodCleanup#terminate});
     * then, when asked, finishes the pod's deletion in the API.
     */
    public SyncResult terminate(Pod pod, PodRecord rec, Duration grace, boolean deleteFromApi) {
        cleanup.terminate(pod, rec, grace);
        if (deleteFromApi && !writer.delete(pod)) {
            return SyncResult.after(RETRY);
        }
        return SyncResult.gone();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private PodRuntime refresh(PodRecord rec, String uid) {
        rec.mark = view.mark();
        return view.newerThan(rec.mark).pod(uid);
    }

    private void refreshVolumes(Pod pod, PodRecord rec) {
        Instant now = clock.instant();
        if (!rec.lastVolumeRefresh.plus(VOLUME_REFRESH).isAfter(now)) {
            volumes.refresh(pod);
            rec.lastVolumeRefresh = now;
        }
    }

    private static Map<String, ContainerStatus> runningMain(Pod pod, PodRuntime rt, String sandboxId) {
        Map<String, ContainerStatus> running = new HashMap<>();
        for (Container c : Sidecars.withContainers(pod.getSpec())) {
            rt.latestIn(c.getName(), sandboxId).filter(i -> i.state() == ContainerStatus.State.RUNNING)
                    .ifPresent(i -> running.put(c.getName(), i));
        }
        return running;
    }

    /**
     * How long the pod may still run under its activeDeadlineSeconds (counted from its startTime),
     * zero once it is over, or null without a deadline or before it started.
     */
    private Duration activeDeadline(Pod pod, PodRecord rec) {
        Long seconds = pod.getSpec().getActiveDeadlineSeconds();
        PodStatus known = rec.lastWritten != null ? rec.lastWritten : pod.getStatus();
        if (seconds == null || known == null || known.getStartTime() == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), Instant.parse(known.getStartTime()).plusSeconds(seconds));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The grace period of a deletion: deletionGracePeriodSeconds, else the pod's terminationGracePeriodSeconds. */
    static Duration deletionGrace(Pod pod) {
        Long s = pod.getMetadata().getDeletionGracePeriodSeconds();
        return s != null ? Duration.ofSeconds(Math.max(0, s)) : ContainerActions.grace(pod);
    }

    /** A probe's own terminationGracePeriodSeconds when set, else the pod's. */
    private static Duration probeGrace(Pod pod, Probe probe) {
        if (probe != null && probe.getTerminationGracePeriodSeconds() != null) {
            return Duration.ofSeconds(Math.max(0, probe.getTerminationGracePeriodSeconds()));
        }
        return ContainerActions.grace(pod);
    }

}
