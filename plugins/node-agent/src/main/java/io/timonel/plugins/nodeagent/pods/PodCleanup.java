package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.images.ImageService;
import io.timonel.plugins.nodeagent.probes.Probes;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Taking a pod's things off the node: stopping its containers (the containers together, then
 * the sidecars in reverse order), removing old instances beyond the newest two of each name, and
 * removing everything of a pod that leaves. Blocking; idempotent; one pod at a time per caller.
 */
final class PodCleanup {
    private final ContainerRuntime runtime;
    private final RuntimeView view;
    private final ContainerActions actions;
    private final Probes probes;
    private final PodVolumes volumes;
    private final ImageService images;
    private final Backoff backoff;
    private final NodeIdentity node;
    private final Executor stopper;
    private final TerminationMessages messages;

    PodCleanup(ContainerRuntime runtime, RuntimeView view, ContainerActions actions, Probes probes, PodVolumes volumes,
               ImageService images, Backoff backoff, NodeIdentity node, Executor stopper, TerminationMessages messages) {
        this.runtime = runtime;
        this.view = view;
        this.actions = actions;
        this.probes = probes;
        this.volumes = volumes;
        this.images = images;
        this.backoff = backoff;
        this.node = node;
        this.stopper = stopper;
        this.messages = messages;
    }

    /**
     * Stops everything of a pod and removes it from the node: containers (preStop, then the stop
     * signal, within {@code grace}), sandboxes, volumes, files, and what the agent remembered of it.
     */
    public void terminate(Pod pod, PodRecord rec, Duration grace) {
        String uid = pod.getMetadata().getUid();
        PodRuntime rt = view.newerThan(rec.mark).pod(uid);
        stopAll(pod, rt, grace, true);
        Set<String> sandboxIds = new HashSet<>();
        for (SandboxStatus s : rt.sandboxes()) {
            gone(() -> runtime.stopSandbox(s.id()));
            gone(() -> runtime.removeSandbox(s.id()));
            sandboxIds.add(s.id());
        }
        for (ContainerStatus c : rt.containers()) {
            if (!sandboxIds.contains(c.sandboxId())) {
                gone(() -> runtime.removeContainer(c.id()));
            }
        }
        rec.mark = view.mark();
        messages.forget(rt.containers().stream().map(ContainerStatus::id).toList());
        probes.forget(uid);
        images.forget(uid);
        backoff.forgetPrefix(uid + "/");
        volumes.tearDown(uid);
        deleteTree(node.podDirectory(uid));
        if (pod.getMetadata().getNamespace() != null && pod.getMetadata().getName() != null) {
            deleteTree(node.logDirectory(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid));
        }
    }

    /** Stops the pod's live containers in parallel, each within {@code grace}. */
    void stopAll(Pod pod, PodRuntime rt, Duration grace, boolean preStop) {
        List<ContainerStatus> live = rt.live();
        if (live.isEmpty()) {
            return;
        }
        Map<String, Container> specs = new HashMap<>();
        Set<String> inits = new HashSet<>();
        if (pod.getSpec() != null) {
            pod.getSpec().getContainers().forEach(c -> specs.put(c.getName(), c));
            EphemeralContainers.of(pod.getSpec()).forEach(c -> specs.put(c.getName(), c));
            pod.getSpec().getInitContainers().forEach(c -> {
                specs.put(c.getName(), c);
                inits.add(c.getName());
            });
        }
        String podIp = rt.readySandbox().map(SandboxStatus::ip).orElse(null);
        List<String> sidecars = pod.getSpec() == null ? List.of() : pod.getSpec().getInitContainers().stream()
                .filter(Sidecars::is).map(Container::getName).toList();
        List<ContainerStatus> first = live.stream().filter(c -> !sidecars.contains(c.name())).toList();
        stopTogether(pod, first, specs, inits, podIp, grace, preStop);
        // sidecars last, in the reverse of their start order, as the kubelet stops them
        for (int i = sidecars.size() - 1; i >= 0; i--) {
            String name = sidecars.get(i);
            stopTogether(pod, live.stream().filter(c -> c.name().equals(name)).toList(), specs, inits, podIp, grace,
                    preStop);
        }
    }

    private void stopTogether(Pod pod, List<ContainerStatus> live, Map<String, Container> specs, Set<String> inits,
                              String podIp, Duration grace, boolean preStop) {
        if (live.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerStatus c : live) {
            Container spec = specs.get(c.name());
            stops.add(CompletableFuture.runAsync(() -> actions.stop(pod, spec, inits.contains(c.name()), c.id(),
                    podIp, grace, "Stopping container " + c.name(), preStop && c.state() == ContainerStatus.State.RUNNING),
                    stopper));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeUnavailableException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Removes the pod's containers beyond the newest two of each name (of its init, regular and
     * ephemeral containers; every exited instance of a name no longer in the spec), and sandboxes
     * left empty.
     */
    void collectGarbage(Pod pod, PodRuntime rt) {
        Set<String> names = new HashSet<>();
        Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .forEach(c -> names.add(c.getName()));
        // an ephemeral container's one instance stays while the pod lives: its status and logs come from it
        EphemeralContainers.of(pod.getSpec()).forEach(c -> names.add(c.getName()));
        Set<String> kept = new HashSet<>();
        Map<String, List<ContainerStatus>> byName = new HashMap<>();
        rt.containers().forEach(c -> byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<ContainerStatus>> e : byName.entrySet()) {
            List<ContainerStatus> instances = e.getValue().stream().sorted(PodRuntime.NEWEST_FIRST).toList();
            int keep = names.contains(e.getKey()) ? 2 : 0;
            for (int i = 0; i < instances.size(); i++) {
                ContainerStatus c = instances.get(i);
                if (i < keep || !ContainerStatuses.exited(c)) {
                    kept.add(c.sandboxId());
                } else {
                    gone(() -> runtime.removeContainer(c.id()));
                    messages.forget(List.of(c.id()));
                }
            }
        }
        String latest = rt.latestSandbox().map(SandboxStatus::id).orElse(null);
        for (SandboxStatus s : rt.sandboxes()) {
            if (!s.ready() && !s.id().equals(latest) && !kept.contains(s.id())) {
                gone(() -> runtime.removeSandbox(s.id()));
            }
        }
    }

    /**
     * Stops or removes something that may be gone already (another pass of the pod's cleanup, or
     * the runtime's own cleanup, got there first): gone is what was asked.
     */
    static void gone(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // nothing left to do
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a file the runtime still holds goes next time
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
