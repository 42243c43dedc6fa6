package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.env.ContainerEnv;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.images.ImageService;
import io.timonel.plugins.nodeagent.probes.ProbeOutcome;
import io.timonel.plugins.nodeagent.probes.ProbeTarget;
import io.timonel.plugins.nodeagent.probes.Prober;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starting and stopping one container as the kubelet does, with its events: image, env and
 * mounts resolved, created, started, postStart hook; preStop hook, then the stop signal with the
 * grace period left. Blocking; thread-safe.
 */
public final class ContainerActions {
    /** The kubelet gives a container at least this long to stop once its preStop hook ran. */
    static final Duration MIN_GRACE = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final ImageService images;
    private final ContainerEnv env;
    private final PodVolumes volumes;
    private final Prober prober;
    private final PodEvents events;
    private final NodeIdentity node;
    private final Clock clock;
    private final TerminationMessages messages;

    public ContainerActions(ContainerRuntime runtime, ImageService images, ContainerEnv env, PodVolumes volumes,
                            Prober prober, PodEvents events, NodeIdentity node, Clock clock,
                            TerminationMessages messages) {
        this.messages = messages;
        this.runtime = runtime;
        this.images = images;
        this.env = env;
        this.volumes = volumes;
        this.prober = prober;
        this.events = events;
        this.node = node;
        this.clock = clock;
    }

    /** Where a container sits in its pod's spec, as events name it. */
    static String fieldPath(Pod pod, Container c, boolean init) {
        String list = init ? "spec.initContainers{"
                : EphemeralContainers.has(pod.getSpec(), c.getName()) ? "spec.ephemeralContainers{" : "spec.containers{";
        return list + c.getName() + "}";
    }

    /**
     * Starts a new instance of {@code c} in the sandbox.
     *
     * @param pidNamespaceOf a running container whose process namespace {@code c} joins (an ephemeral
     *                       container's target), or null for its own
     * @return the new container's id, or why it could not start (its waiting reason)
     * @throws RuntimeUnavailableException when the runtime fails in a way that is not the container's
     */
    public Outcome<String> start(Pod pod, Container c, boolean init, int attempt, String sandboxId,
                                 SandboxConfig sandbox, String podIp, Path hostsFile, String pidNamespaceOf) {
        String path = fieldPath(pod, c, init);
        Outcome<ImageInfo> image = images.ensure(pod, c, path);
        if (!image.ok()) {
            return Outcome.failed(image.reason(), image.message());
        }
        Outcome<List<ContainerConfig.EnvVar>> vars = env.resolve(pod, c, podIp, node.hostIp());
        if (!vars.ok()) {
            events.warning(pod, path, "Failed", "Error: " + vars.message());
            return Outcome.failed(vars.reason(), vars.message());
        }
        Outcome<List<ContainerConfig.Mount>> mounts = volumes.mountsFor(pod, c);
        if (!mounts.ok()) {
            events.warning(pod, path, "FailedMount".equals(mounts.reason()) ? "FailedMount" : "Failed",
                    "FailedMount".equals(mounts.reason()) ? mounts.message() : "Error: " + mounts.message());
            return Outcome.failed(mounts.reason(), mounts.message());
        }
        List<ContainerConfig.Mount> all = new java.util.ArrayList<>(mounts.value());
        messages.mount(pod.getMetadata().getUid(), c, attempt).ifPresent(all::add);
        ContainerConfig config = ContainerConfigs.of(pod, c, attempt, vars.value(), all, hostsFile, node);
        if (pidNamespaceOf != null) {
            config = config.withSecurity(config.security().inPidNamespaceOf(pidNamespaceOf));
        }
        String id;
        try {
            id = runtime.createContainer(sandboxId, config, sandbox);
        } catch (RuntimeUnavailableException e) {
            events.warning(pod, path, "Failed", "Error: " + e.getMessage());
            return Outcome.failed(Waiting.CREATE_CONTAINER_ERROR, e.getMessage());
        }
        events.normal(pod, path, "Created", "Created container: " + c.getName());
        try {
            runtime.startContainer(id);
        } catch (RuntimeUnavailableException e) {
            events.warning(pod, path, "Failed", "Error: failed to start container \"" + c.getName() + "\": "
                    + e.getMessage());
            removeQuietly(id);
            return Outcome.failed(Waiting.RUN_CONTAINER_ERROR, e.getMessage());
        }
        events.normal(pod, path, "Started", "Started container " + c.getName());
        Lifecycle lifecycle = c.getLifecycle();
        if (lifecycle != null && lifecycle.getPostStart() != null) {
            ProbeOutcome hook = prober.hook(lifecycle.getPostStart(), new ProbeTarget(id, podIp, c), grace(pod));
            if (!hook.success()) {
                String message = "PostStartHookError: " + hook.message();
                events.warning(pod, path, "FailedPostStartHook", message);
                stop(pod, c, init, id, podIp, grace(pod), "FailedPostStartHook", false);
            }
        }
        return Outcome.of(id);
    }

    /**
     * Stops a running container: preStop hook (when asked), then the stop signal, within
     * {@code grace} in all. Records a Killing event with {@code message}.
     */
    public void stop(Pod pod, Container c, boolean init, String containerId, String podIp, Duration grace,
                     String message, boolean preStop) {
        String path = c == null ? null : fieldPath(pod, c, init);
        if (c != null) {
            events.normal(pod, path, "Killing", message);
        }
        Instant deadline = clock.instant().plus(grace);
        if (preStop && c != null && c.getLifecycle() != null && c.getLifecycle().getPreStop() != null
                && !grace.isZero()) {
            ProbeOutcome hook = prober.hook(c.getLifecycle().getPreStop(), new ProbeTarget(containerId, podIp, c),
                    grace);
            if (!hook.success()) {
                events.warning(pod, path, "FailedPreStopHook", "PreStopHook failed: " + hook.message());
            }
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (preStop && left.compareTo(MIN_GRACE) < 0 && !grace.isZero()) {
            left = MIN_GRACE;
        }
        try {
            runtime.stopContainer(containerId, left.isNegative() ? Duration.ZERO : left);
        } catch (io.timonel.spi.runtime.NotFoundException e) {
            // gone already: stopped is what was asked
        }
    }

    /** The pod's terminationGracePeriodSeconds (30 s when unset). */
    static Duration grace(Pod pod) {
        Long s = pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(s == null ? 30 : Math.max(0, s));
    }

    private void removeQuietly(String id) {
        try {
            runtime.removeContainer(id);
        } catch (RuntimeUnavailableException ignored) {
            // the next sync finds it and tries again
        }
    }
}
