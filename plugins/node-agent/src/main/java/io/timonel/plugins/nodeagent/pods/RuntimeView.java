package io.timonel.plugins.nodeagent.pods;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.SandboxStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The runtime's sandboxes and containers of this node, grouped by pod uid: one listing serves
 * every pod that asks at the same time (as the kubelet's pod cache does), and each listing tells
 * which pods changed since the one before (the kubelet's PLEG), so their workers run.
 *
 * <p>Consistency: a worker that acted on the runtime takes a {@link #mark()} afterwards and asks
 * {@link #newerThan} it; it gets a listing that started after its actions. Thread-safe.
 */
public final class RuntimeView {

    /** One listing of the runtime, by pod uid. */
    public record Snapshot(long generation, Map<String, PodRuntime> pods) {
        public PodRuntime pod(String uid) {
            return pods.getOrDefault(uid, PodRuntime.EMPTY);
        }
    }

    private final ContainerRuntime runtime;
    private final String nodeName;
    private final Consumer<String> changed;
    private final AtomicLong counter = new AtomicLong();
    private Snapshot latest;
    private Map<String, Set<String>> fingerprints = Map.of();

    /**
     * @param nodeName only sandboxes and containers labelled with this node are this agent's
     * @param changed  called with the uid of each pod whose sandboxes or containers changed
     *                 between two listings (must not block)
     */
    public RuntimeView(ContainerRuntime runtime, String nodeName, Consumer<String> changed) {
        this.runtime = runtime;
        this.nodeName = nodeName;
        this.changed = changed;
    }

    /** A position in time: a later {@link #newerThan} with it returns a listing started after now. */
    public long mark() {
        return counter.get();
    }

    /**
     * A listing that started after {@code mark} was taken: the latest one when it qualifies,
     * otherwise a new one (which callers waiting at the same time share).
     *
     * @throws io.timonel.spi.runtime.RuntimeUnavailableException when the runtime cannot list
     */
    public synchronized Snapshot newerThan(long mark) {
        if (latest != null && latest.generation() > mark) {
            return latest;
        }
        return relistLocked();
    }

    /** Lists now (the periodic relist). */
    public synchronized Snapshot relist() {
        return relistLocked();
    }

    /** The latest listing, or null before the first. */
    public synchronized Snapshot latest() {
        return latest;
    }

    private Snapshot relistLocked() {
        long generation = counter.incrementAndGet();
        List<SandboxStatus> sandboxes = runtime.listSandboxes();
        List<ContainerStatus> containers = runtime.listContainers();
        Map<String, String> sandboxPod = new HashMap<>();
        Map<String, List<SandboxStatus>> podSandboxes = new HashMap<>();
        for (SandboxStatus s : sandboxes) {
            String uid = s.labels().get(Labels.POD_UID);
            if (uid != null && nodeName.equals(s.labels().get(Labels.NODE))) {
                sandboxPod.put(s.id(), uid);
                podSandboxes.computeIfAbsent(uid, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<ContainerStatus>> podContainers = new HashMap<>();
        for (ContainerStatus c : containers) {
            String uid = sandboxPod.get(c.sandboxId());
            if (uid == null && nodeName.equals(c.labels().get(Labels.NODE))) {
                uid = c.labels().get(Labels.POD_UID);
            }
            if (uid != null && c.name() != null) {
                podContainers.computeIfAbsent(uid, k -> new ArrayList<>()).add(c);
            }
        }
        Set<String> uids = new HashSet<>(podSandboxes.keySet());
        uids.addAll(podContainers.keySet());
        Map<String, PodRuntime> pods = new HashMap<>();
        Map<String, Set<String>> prints = new HashMap<>();
        for (String uid : uids) {
            PodRuntime pod = new PodRuntime(podSandboxes.getOrDefault(uid, List.of()),
                    podContainers.getOrDefault(uid, List.of()));
            pods.put(uid, pod);
            prints.put(uid, fingerprint(pod));
        }
        Snapshot snapshot = new Snapshot(generation, Map.copyOf(pods));
        Map<String, Set<String>> before = fingerprints;
        latest = snapshot;
        fingerprints = prints;
        Set<String> all = new HashSet<>(before.keySet());
        all.addAll(prints.keySet());
        for (String uid : all) {
            if (!prints.getOrDefault(uid, Set.of()).equals(before.getOrDefault(uid, Set.of()))) {
                changed.accept(uid);
            }
        }
        return snapshot;
    }

    private static Set<String> fingerprint(PodRuntime pod) {
        Set<String> print = new TreeSet<>();
        pod.sandboxes().forEach(s -> print.add("s" + s.id() + ":" + s.ready() + ":" + s.ip()));
        pod.containers().forEach(c -> print.add("c" + c.id() + ":" + c.state()));
        return print;
    }
}
