package io.timonel.plugins.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The pod's containers: created joined to their sandbox's network and IPC namespaces, logging to
 * json-file (which the logs endpoint reads back, and which rotates as the kubelet's logs do), and
 * reported as the CRI reports them.
 *
 * <p>Listing inspects only containers whose state changed since it last looked: a container's
 * details change only with its state, and the node agent lists often.
 */
final class Containers {
    /** Log rotation as the kubelet's defaults: 10 MiB per file, 5 files. */
    static final Map<String, String> LOG_OPTIONS = Map.of("max-size", "10m", "max-file", "5");

    private final Engine engine;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private record Seen(String state, ContainerStatus status) {
    }

    Containers(Engine engine) {
        this.engine = engine;
    }

    String create(String sandboxId, ContainerConfig c, SandboxConfig pod) {
        String name = PodNames.container(pod, c);
        try {
            return command(sandboxId, c, pod, name).exec().getId();
        } catch (ConflictException stale) {
            // a leftover with this pod, uid, name and attempt (an agent that died between create and record)
            engine.idempotent("removing stale container " + name, () -> engine.api().removeContainerCmd(name).withForce(true).exec());
            return engine.call("creating container " + name, () -> command(sandboxId, c, pod, name).exec().getId());
        } catch (RuntimeException e) {
            throw Engine.translate("creating container " + name, e);
        }
    }

    private CreateContainerCmd command(String sandboxId, ContainerConfig c, SandboxConfig pod, String name) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("container:" + sandboxId)
                .withIpcMode("container:" + sandboxId)
                .withRestartPolicy(RestartPolicy.noRestart())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, LOG_OPTIONS))
                .withBinds(binds(c.mounts()));
        ContainerConfig.Resources r = c.resources() == null ? ContainerConfig.Resources.NONE : c.resources();
        if (r.cpuShares() > 0) {
            host.withCpuShares((int) Math.min(Integer.MAX_VALUE, r.cpuShares()));
        }
        if (r.cpuQuotaMicros() > 0) {
            host.withCpuQuota(r.cpuQuotaMicros()).withCpuPeriod(r.cpuPeriodMicros() > 0 ? r.cpuPeriodMicros() : 100_000L);
        }
        if (r.memoryLimitBytes() > 0) {
            // no swap beyond the limit, as the kubelet asks
            host.withMemory(r.memoryLimitBytes()).withMemorySwap(r.memoryLimitBytes());
        }
        ContainerConfig.Security s = c.security() == null ? ContainerConfig.Security.DEFAULT : c.security();
        host.withReadonlyRootfs(s.readOnlyRootFs()).withPrivileged(s.privileged());
        if (!s.addCapabilities().isEmpty()) {
            host.withCapAdd(capabilities(s.addCapabilities()));
        }
        if (!s.dropCapabilities().isEmpty()) {
            host.withCapDrop(capabilities(s.dropCapabilities()));
        }
        if (s.pidNamespaceOf() != null) {
            host.withPidMode("container:" + s.pidNamespaceOf());
        }
        if (pod.cgroupParent() != null && !pod.cgroupParent().isBlank()) {
            host.withCgroupParent(pod.cgroupParent());
        }
        CreateContainerCmd cmd = engine.api().createContainerCmd(c.image())
                .withName(name)
                .withLabels(Labels.encode(c.labels(), c.annotations(), Map.of(
                        Labels.TYPE, Labels.CONTAINER,
                        Labels.SANDBOX_ID, sandboxId,
                        Labels.CONTAINER_NAME, c.name(),
                        Labels.ATTEMPT, Integer.toString(c.attempt()))))
                .withEnv(c.env().stream().map(e -> e.name() + "=" + e.value()).toList())
                .withTty(c.tty())
                .withStdinOpen(c.stdin())
                .withStdInOnce(c.stdinOnce())
                .withAttachStdin(c.stdin())
                .withHostConfig(host);
        if (!c.command().isEmpty()) {
            cmd.withEntrypoint(c.command());
        }
        if (!c.args().isEmpty()) {
            cmd.withCmd(c.args());
        }
        if (c.workingDir() != null && !c.workingDir().isBlank()) {
            cmd.withWorkingDir(c.workingDir());
        }
        String user = user(s);
        if (user != null) {
            cmd.withUser(user);
        }
        return cmd;
    }

    /** Docker's {@code User}: {@code uid} or {@code uid:gid}; a group alone cannot be said, so the image's user stays. */
    static String user(ContainerConfig.Security s) {
        if (s.runAsUser() == null) {
            return null;
        }
        return s.runAsGroup() == null ? Long.toString(s.runAsUser()) : s.runAsUser() + ":" + s.runAsGroup();
    }

    private static List<Bind> binds(List<ContainerConfig.Mount> mounts) {
        List<Bind> binds = new ArrayList<>(mounts.size());
        for (ContainerConfig.Mount m : mounts) {
            binds.add(new Bind(m.hostPath(), new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        return binds;
    }

    private static Capability[] capabilities(List<String> names) {
        Capability[] out = new Capability[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i).toUpperCase(Locale.ROOT);
            name = name.startsWith("CAP_") ? name.substring(4) : name;
            try {
                out[i] = Capability.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new RuntimeUnavailableException("unknown capability " + names.get(i));
            }
        }
        return out;
    }

    void start(String id) {
        try {
            engine.api().startContainerCmd(id).exec();
        } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyRunning) {
            // started before: nothing to do
        } catch (RuntimeException e) {
            throw Engine.translate("starting container " + id, e);
        }
    }

    /** Docker's stop: the image's stop signal, then SIGKILL after {@code grace} (whole seconds, rounded up). */
    void stop(String id, Duration grace) {
        long seconds = grace == null || grace.isNegative() ? 0 : grace.plusNanos(999_999_999L).getSeconds();
        int timeout = (int) Math.min(Integer.MAX_VALUE, seconds);
        engine.idempotent("stopping container " + id, () -> engine.api().stopContainerCmd(id).withTimeout(timeout).exec());
    }

    void kill(String id) {
        stop(id, Duration.ZERO);
    }

    void remove(String id) {
        engine.idempotent("removing container " + id,
                () -> engine.api().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
        seen.remove(id);
    }

    /** The ids of every container of a sandbox, running or not. */
    List<String> idsIn(String sandboxId) {
        return engine.call("listing containers of sandbox " + sandboxId, () -> engine.api().listContainersCmd()
                        .withShowAll(true).withLabelFilter(Map.of(Labels.SANDBOX_ID, sandboxId)).exec())
                .stream().map(Container::getId).toList();
    }

    List<ContainerStatus> list() {
        List<Container> found = engine.call("listing containers", () -> engine.api().listContainersCmd()
                .withShowAll(true).withLabelFilter(Map.of(Labels.TYPE, Labels.CONTAINER)).exec());
        List<ContainerStatus> out = new ArrayList<>(found.size());
        for (Container c : found) {
            Seen known = seen.get(c.getId());
            if (known != null && known.state().equals(c.getState())) {
                out.add(known.status());
                continue;
            }
            if ("created".equals(c.getState()) && Labels.CONTAINER.equals(labelsOf(c).get(Labels.TYPE))) {
                // the listing says all a created container has; inspecting it would wait on the
                // engine's lock of a container being started, one such start after the other
                ContainerStatus status = created(c);
                seen.put(c.getId(), new Seen(c.getState(), status));
                out.add(status);
                continue;
            }
            try {
                out.add(status(c.getId()));
            } catch (NotFoundException removedMeanwhile) {
                // gone between the listing and the inspection: not a container any more
            }
        }
        Set<String> ids = found.stream().map(Container::getId).collect(Collectors.toSet());
        seen.keySet().retainAll(ids);
        return out;
    }

    /**
     * A container never started, from its listing. A start that failed leaves a container
     * {@code created} too (with an exit code only its inspection shows): the node agent removes
     * such a container when its start fails, so the listing never has to tell the two apart.
     */
    static ContainerStatus created(Container c) {
        Map<String, String> labels = labelsOf(c);
        return new ContainerStatus(c.getId(), labels.get(Labels.SANDBOX_ID), labels.get(Labels.CONTAINER_NAME),
                Labels.attempt(labels), ContainerStatus.State.CREATED, c.getImage(), c.getImageId(),
                c.getCreated() == null ? null : java.time.Instant.ofEpochSecond(c.getCreated()), null, null, 0, null,
                null, Labels.labels(labels), Labels.annotations(labels));
    }

    private static Map<String, String> labelsOf(Container c) {
        return c.getLabels() == null ? Map.of() : c.getLabels();
    }

    ContainerStatus status(String id) {
        InspectContainerResponse inspect = engine.call("inspecting container " + id,
                () -> engine.api().inspectContainerCmd(id).exec());
        Map<String, String> labels = inspect.getConfig() == null ? null : inspect.getConfig().getLabels();
        if (labels == null || !Labels.CONTAINER.equals(labels.get(Labels.TYPE))) {
            throw new NotFoundException("container " + id + " was not created by this runtime");
        }
        InspectContainerResponse.ContainerState s = inspect.getState();
        ContainerStates.Mapped state = ContainerStates.map(new ContainerStates.EngineState(
                s.getStatus(), isTrue(s.getRunning()), isTrue(s.getPaused()), isTrue(s.getRestarting()),
                isTrue(s.getOOMKilled()), s.getExitCodeLong() == null ? 0 : s.getExitCodeLong(), s.getError(),
                s.getStartedAt(), s.getFinishedAt()));
        ContainerStatus status = new ContainerStatus(inspect.getId(), labels.get(Labels.SANDBOX_ID),
                labels.get(Labels.CONTAINER_NAME), Labels.attempt(labels), state.state(), inspect.getConfig().getImage(),
                inspect.getImageId(), DockerTimes.parse(inspect.getCreated()), state.startedAt(), state.finishedAt(),
                state.exitCode(), state.reason(), state.message(), Labels.labels(labels), Labels.annotations(labels));
        seen.put(inspect.getId(), new Seen(s.getStatus(), status));
        return status;
    }

    /** True when the container runs with a terminal (its output is then one raw stream). */
    boolean tty(String id) {
        return inspectForAttach(id).tty();
    }

    /** What attaching to a container needs to know of it. */
    record AttachFacts(boolean tty, boolean running, boolean stdinOnce) {
    }

    AttachFacts inspectForAttach(String id) {
        InspectContainerResponse inspect = engine.call("inspecting container " + id,
                () -> engine.api().inspectContainerCmd(id).exec());
        return new AttachFacts(inspect.getConfig() != null && isTrue(inspect.getConfig().getTty()),
                inspect.getState() != null && isTrue(inspect.getState().getRunning()),
                inspect.getConfig() != null && isTrue(inspect.getConfig().getStdInOnce()));
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
