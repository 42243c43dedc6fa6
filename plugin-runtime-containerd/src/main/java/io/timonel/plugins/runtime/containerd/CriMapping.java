package io.timonel.plugins.runtime.containerd;

import io.timonel.plugins.runtime.containerd.cri.Capability;
import io.timonel.plugins.runtime.containerd.cri.ContainerMetadata;
import io.timonel.plugins.runtime.containerd.cri.ContainerState;
import io.timonel.plugins.runtime.containerd.cri.DNSConfig;
import io.timonel.plugins.runtime.containerd.cri.Image;
import io.timonel.plugins.runtime.containerd.cri.ImageSpec;
import io.timonel.plugins.runtime.containerd.cri.Int64Value;
import io.timonel.plugins.runtime.containerd.cri.KeyValue;
import io.timonel.plugins.runtime.containerd.cri.LinuxContainerConfig;
import io.timonel.plugins.runtime.containerd.cri.LinuxContainerResources;
import io.timonel.plugins.runtime.containerd.cri.LinuxContainerSecurityContext;
import io.timonel.plugins.runtime.containerd.cri.LinuxPodSandboxConfig;
import io.timonel.plugins.runtime.containerd.cri.LinuxSandboxSecurityContext;
import io.timonel.plugins.runtime.containerd.cri.NamespaceMode;
import io.timonel.plugins.runtime.containerd.cri.NamespaceOption;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxConfig;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxMetadata;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxState;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxStatus;
import io.timonel.plugins.runtime.containerd.cri.PortMapping;
import io.timonel.plugins.runtime.containerd.cri.Protocol;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * Translates between the runtime SPI's values and the CRI v1 messages, as the kubelet fills them:
 * the sandbox shares the node's network namespace for host networking, has its own PID namespace
 * per container and a pod-wide IPC namespace; containers repeat the sandbox's namespace choice.
 */
final class CriMapping {

    private CriMapping() {
    }

    /**
     * The CRI sandbox config.
     *
     * @param privileged whether a privileged container will run in it (containerd refuses one otherwise)
     */
    static PodSandboxConfig sandboxConfig(SandboxConfig c, boolean privileged) {
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(c.podName()).setNamespace(c.podNamespace())
                        .setUid(c.podUid()).setAttempt(c.attempt()))
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations());
        if (c.hostname() != null && !c.hostNetwork()) {
            b.setHostname(c.hostname());
        }
        if (c.logDirectory() != null) {
            b.setLogDirectory(c.logDirectory());
        }
        if (c.dns() != null) {
            b.setDnsConfig(DNSConfig.newBuilder().addAllServers(c.dns().servers())
                    .addAllSearches(c.dns().searches()).addAllOptions(c.dns().options()));
        }
        for (SandboxConfig.PortMapping p : c.portMappings()) {
            PortMapping.Builder pm = PortMapping.newBuilder().setProtocol(protocol(p.protocol()))
                    .setContainerPort(p.containerPort()).setHostPort(p.hostPort());
            if (p.hostIp() != null) {
                pm.setHostIp(p.hostIp());
            }
            b.addPortMappings(pm);
        }
        LinuxPodSandboxConfig.Builder linux = LinuxPodSandboxConfig.newBuilder()
                .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(namespaces(c.hostNetwork()))
                        .setPrivileged(privileged));
        if (c.cgroupParent() != null) {
            linux.setCgroupParent(c.cgroupParent());
        }
        return b.setLinux(linux).build();
    }

    /**
     * The plugin's own annotation on a container that keeps its stdin open after an attachment's
     * input ends (stdin without stdinOnce): the CRI's status does not tell, and an attachment to
     * one must not end its input.
     */
    static final String STDIN_KEPT_OPEN = "io.timonel.runtime/stdin-kept-open";

    /** The CRI container config; {@code hostNetwork} is the sandbox's. */
    static io.timonel.plugins.runtime.containerd.cri.ContainerConfig containerConfig(ContainerConfig c, boolean hostNetwork) {
        var b = io.timonel.plugins.runtime.containerd.cri.ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.name()).setAttempt(c.attempt()))
                .setImage(ImageSpec.newBuilder().setImage(c.image()))
                .addAllCommand(c.command())
                .addAllArgs(c.args())
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setStdin(c.stdin())
                .setStdinOnce(c.stdinOnce())
                .setTty(c.tty());
        if (c.stdin() && !c.stdinOnce()) {
            b.putAnnotations(STDIN_KEPT_OPEN, "true");
        }
        if (c.workingDir() != null) {
            b.setWorkingDir(c.workingDir());
        }
        if (c.logPath() != null) {
            b.setLogPath(c.logPath());
        }
        for (ContainerConfig.EnvVar e : c.env()) {
            b.addEnvs(KeyValue.newBuilder().setKey(e.name()).setValue(e.value() == null ? "" : e.value()));
        }
        for (ContainerConfig.Mount m : c.mounts()) {
            b.addMounts(io.timonel.plugins.runtime.containerd.cri.Mount.newBuilder()
                    .setHostPath(m.hostPath()).setContainerPath(m.containerPath()).setReadonly(m.readOnly()));
        }
        ContainerConfig.Resources r = c.resources() == null ? ContainerConfig.Resources.NONE : c.resources();
        LinuxContainerResources.Builder resources = LinuxContainerResources.newBuilder()
                .setCpuShares(r.cpuShares())
                .setCpuQuota(r.cpuQuotaMicros())
                .setCpuPeriod(r.cpuPeriodMicros())
                .setMemoryLimitInBytes(r.memoryLimitBytes());
        ContainerConfig.Security s = c.security() == null ? ContainerConfig.Security.DEFAULT : c.security();
        NamespaceOption namespaces = s.pidNamespaceOf() == null ? namespaces(hostNetwork)
                : namespaces(hostNetwork).toBuilder().setPid(NamespaceMode.TARGET).setTargetId(s.pidNamespaceOf()).build();
        LinuxContainerSecurityContext.Builder security = LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(namespaces)
                .setPrivileged(s.privileged())
                .setReadonlyRootfs(s.readOnlyRootFs())
                .setCapabilities(Capability.newBuilder()
                        .addAllAddCapabilities(s.addCapabilities()).addAllDropCapabilities(s.dropCapabilities()));
        if (s.runAsUser() != null) {
            security.setRunAsUser(Int64Value.newBuilder().setValue(s.runAsUser()));
        }
        if (s.runAsGroup() != null) {
            security.setRunAsGroup(Int64Value.newBuilder().setValue(s.runAsGroup()));
        }
        return b.setLinux(LinuxContainerConfig.newBuilder().setResources(resources).setSecurityContext(security)).build();
    }

    /** The SPI's view of a CRI container state. */
    static ContainerStatus.State state(ContainerState state) {
        return switch (state) {
            case CONTAINER_CREATED -> ContainerStatus.State.CREATED;
            case CONTAINER_RUNNING -> ContainerStatus.State.RUNNING;
            case CONTAINER_EXITED -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    static ContainerStatus containerStatus(io.timonel.plugins.runtime.containerd.cri.ContainerStatus s, String sandboxId) {
        ContainerStatus.State state = state(s.getState());
        String imageId = s.getImageId().isEmpty() ? s.getImageRef() : s.getImageId();
        return new ContainerStatus(s.getId(), sandboxId, s.getMetadata().getName(), s.getMetadata().getAttempt(), state,
                s.getImage().getImage(), imageId, instant(s.getCreatedAt()), instant(s.getStartedAt()),
                instant(s.getFinishedAt()), s.getExitCode(), emptyToNull(s.getReason()), emptyToNull(s.getMessage()),
                s.getLabelsMap(), s.getAnnotationsMap());
    }

    /** A container as the list gives it: enough for one not started yet (no times, no exit code). */
    static ContainerStatus listedContainer(io.timonel.plugins.runtime.containerd.cri.Container c) {
        return new ContainerStatus(c.getId(), c.getPodSandboxId(), c.getMetadata().getName(), c.getMetadata().getAttempt(),
                state(c.getState()), c.getImage().getImage(), c.getImageId().isEmpty() ? c.getImageRef() : c.getImageId(),
                instant(c.getCreatedAt()), null, null, 0,
                null, null, c.getLabelsMap(), c.getAnnotationsMap());
    }

    static SandboxStatus sandboxStatus(PodSandboxStatus s) {
        String ip = s.hasNetwork() ? emptyToNull(s.getNetwork().getIp()) : null;
        return new SandboxStatus(s.getId(), s.getState() == PodSandboxState.SANDBOX_READY, ip, instant(s.getCreatedAt()),
                s.getLabelsMap(), s.getAnnotationsMap());
    }

    static ImageInfo image(Image i) {
        return new ImageInfo(i.getId(), i.getRepoTagsList(), i.getSize());
    }

    /** A CRI time (nanoseconds since the epoch, 0 for none). */
    static Instant instant(long nanos) {
        return nanos == 0 ? null : Instant.ofEpochSecond(0, nanos);
    }

    private static NamespaceOption namespaces(boolean hostNetwork) {
        return NamespaceOption.newBuilder()
                .setNetwork(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD)
                .build();
    }

    private static Protocol protocol(String protocol) {
        return switch (protocol == null ? "TCP" : protocol.toUpperCase(Locale.ROOT)) {
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            default -> Protocol.TCP;
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
