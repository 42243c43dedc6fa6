package io.timonel.plugins.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pod sandboxes as pause containers: the pause container holds the pod's network namespace
 * (its own, with only loopback until the agent attaches it to the pod network, or the host's), hostname, /etc/hosts and /etc/resolv.conf, and an IPC
 * namespace others may join; the pod's containers join them ({@code container:<id>} modes).
 */
final class Sandboxes {
    private final Engine engine;
    private final String image;
    private final Containers containers;

    Sandboxes(Engine engine, String image, Containers containers) {
        this.engine = engine;
        this.image = image;
        this.containers = containers;
    }

    String run(SandboxConfig pod) {
        String name = PodNames.sandbox(pod);
        String id;
        try {
            id = create(name, pod);
        } catch (ConflictException stale) {
            // a leftover of an earlier agent with the same pod, uid and attempt: it is ours to replace
            engine.idempotent("removing stale sandbox " + name, () -> engine.api().removeContainerCmd(name).withForce(true).exec());
            id = engine.call("creating sandbox " + name, () -> create(name, pod));
        } catch (com.github.dockerjava.api.exception.NotFoundException noImage) {
            throw new RuntimeUnavailableException("sandbox image " + image + " is missing: " + Engine.message(noImage)
                    + " (load it, e.g. docker load -i pause.tar)");
        } catch (RuntimeException e) {
            throw Engine.translate("creating sandbox " + name, e);
        }
        String created = id;
        try {
            engine.run("starting sandbox " + name, () -> engine.api().startContainerCmd(created).exec());
        } catch (RuntimeException e) {
            engine.idempotent("removing failed sandbox " + name, () -> engine.api().removeContainerCmd(created).withForce(true).exec());
            throw e;
        }
        return id;
    }

    private String create(String name, SandboxConfig pod) {
        HostConfig host = HostConfig.newHostConfig()
                .withIpcMode("shareable")
                // the agent's pod network wires the namespace (and its host ports, CNI portmap)
                .withNetworkMode(pod.hostNetwork() ? "host" : "none")
                .withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.noRestart());
        if (pod.dns() != null) {
            host.withDns(pod.dns().servers()).withDnsSearch(pod.dns().searches()).withDnsOptions(pod.dns().options());
        }
        if (pod.cgroupParent() != null && !pod.cgroupParent().isBlank()) {
            host.withCgroupParent(pod.cgroupParent());
        }
        CreateContainerCmd cmd = engine.api().createContainerCmd(image)
                .withName(name)
                .withLabels(Labels.encode(pod.labels(), pod.annotations(), Map.of(Labels.TYPE, Labels.SANDBOX)))
                .withHostConfig(host);
        if (pod.hostname() != null && !pod.hostname().isBlank()) {
            cmd.withHostName(pod.hostname());
        }
        return cmd.exec().getId();
    }

    /** Kills the sandbox's containers, then its pause container. */
    void stop(String sandboxId) {
        for (String id : containers.idsIn(sandboxId)) {
            containers.kill(id);
        }
        engine.idempotent("stopping sandbox " + sandboxId, () -> engine.api().stopContainerCmd(sandboxId).withTimeout(0).exec());
    }

    /** Removes the sandbox's containers, then its pause container. */
    void remove(String sandboxId) {
        for (String id : containers.idsIn(sandboxId)) {
            containers.remove(id);
        }
        engine.idempotent("removing sandbox " + sandboxId,
                () -> engine.api().removeContainerCmd(sandboxId).withForce(true).withRemoveVolumes(true).exec());
    }

    List<SandboxStatus> list() {
        List<Container> found = engine.call("listing sandboxes", () -> engine.api().listContainersCmd()
                .withShowAll(true).withLabelFilter(Map.of(Labels.TYPE, Labels.SANDBOX)).exec());
        List<SandboxStatus> out = new ArrayList<>(found.size());
        for (Container c : found) {
            // no IP of Docker's: the pod network the agent attached gives it
            out.add(new SandboxStatus(c.getId(), "running".equals(c.getState()), null,
                    c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()),
                    Labels.labels(c.getLabels()), Labels.annotations(c.getLabels())));
        }
        return out;
    }

    /**
     * The network namespace of a running sandbox, its pause process's.
     *
     * @throws NotFoundException when the sandbox is gone or not running
     */
    String networkNamespace(String sandboxId) {
        InspectContainerResponse inspect = engine.call("inspecting sandbox " + sandboxId,
                () -> engine.api().inspectContainerCmd(sandboxId).exec());
        Long pid = inspect.getState() == null ? null : inspect.getState().getPidLong();
        if (pid == null || pid <= 0 || !Boolean.TRUE.equals(inspect.getState().getRunning())) {
            throw new NotFoundException("sandbox " + sandboxId + " is not running");
        }
        return "/proc/" + pid + "/ns/net";
    }
}
