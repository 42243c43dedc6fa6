package io.timonel.plugins.nodeagent.pods;

import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.SandboxStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The sandboxes and containers of one pod as the runtime last reported them: what the agent
 * reads the pod's state from (nothing else is remembered across restarts of the agent).
 */
public record PodRuntime(List<SandboxStatus> sandboxes, List<ContainerStatus> containers) {
    public static final PodRuntime EMPTY = new PodRuntime(List.of(), List.of());

    /** Newest instance first: highest attempt, then latest creation. */
    static final Comparator<ContainerStatus> NEWEST_FIRST = Comparator.comparingInt(ContainerStatus::attempt)
            .thenComparing(c -> c.createdAt() == null ? Instant.MIN : c.createdAt()).reversed();

    public PodRuntime {
        sandboxes = List.copyOf(sandboxes);
        containers = List.copyOf(containers);
    }

    /** The newest sandbox, ready or not. */
    public Optional<SandboxStatus> latestSandbox() {
        return sandboxes.stream().max(Comparator.comparing(s -> s.createdAt() == null ? Instant.MIN : s.createdAt()));
    }

    /** The newest sandbox when it is ready. */
    public Optional<SandboxStatus> readySandbox() {
        return latestSandbox().filter(SandboxStatus::ready);
    }

    /** Every instance of the named container, newest first. */
    public List<ContainerStatus> instances(String name) {
        return containers.stream().filter(c -> name.equals(c.name())).sorted(NEWEST_FIRST).toList();
    }

    /** The newest instance of the named container in any sandbox. */
    public Optional<ContainerStatus> latest(String name) {
        return instances(name).stream().findFirst();
    }

    /** The newest instance of the named container in the given sandbox. */
    public Optional<ContainerStatus> latestIn(String name, String sandboxId) {
        return instances(name).stream().filter(c -> sandboxId.equals(c.sandboxId())).findFirst();
    }

    /** The instance before {@code current} (for lastState and logs --previous). */
    public Optional<ContainerStatus> previous(ContainerStatus current) {
        return instances(current.name()).stream().filter(c -> c.attempt() < current.attempt()).findFirst();
    }

    /** The attempt number the next instance of the named container gets (its restart count). */
    public int nextAttempt(String name) {
        return latest(name).map(c -> c.attempt() + 1).orElse(0);
    }

    /** Containers that run (or were created and may be about to). */
    public List<ContainerStatus> live() {
        return containers.stream().filter(c -> c.state() == ContainerStatus.State.RUNNING
                || c.state() == ContainerStatus.State.CREATED).toList();
    }

    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }
}
