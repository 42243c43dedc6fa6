package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.env.ContainerEnv;
import io.timonel.plugins.nodeagent.events.PodEvents;
import io.timonel.plugins.nodeagent.images.ImageService;
import io.timonel.plugins.nodeagent.probes.ProbeKind;
import io.timonel.plugins.nodeagent.probes.ProbeOutcome;
import io.timonel.plugins.nodeagent.probes.ProbeResult;
import io.timonel.plugins.nodeagent.probes.Prober;
import io.timonel.plugins.nodeagent.probes.Probes;
import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PodSync over a fake runtime and clock, a status writer that keeps the pod as the API server
 * would, recorded events, and probe results a test sets. Everything runs on the test's thread.
 */
final class PodSyncHarness {
    final FakeClock clock;
    final FakeRuntime runtime;
    final List<String> events = new ArrayList<>();
    final List<PodStatus> writes = new ArrayList<>();
    final FakeProbes probes = new FakeProbes();
    final List<String> hooks = new ArrayList<>();
    final RuntimeView view;
    final PodSync sync;
    final NodeIdentity node;
    final Map<String, PodRecord> records = new HashMap<>();
    final PodStarts starts = new PodStarts(1);
    Pod pod;
    boolean deleted;
    String envFailure;

    PodSyncHarness(Path stateDir) {
        this(stateDir, null, new FakeClock());
    }

    /** A harness over an existing runtime (null: a new one). */
    PodSyncHarness(Path stateDir, FakeRuntime existing, FakeClock clock) {
        this.clock = clock;
        this.runtime = existing != null ? existing : new FakeRuntime(clock);
        node = new NodeIdentity("node-1", "192.168.1.10", "host-1", stateDir, "10.96.0.10", "cluster.local",
                stateDir.resolve("resolv.conf"));
        view = new RuntimeView(runtime, "node-1", uid -> {
        });
        PodEvents recorder = (p, fieldPath, warning, reason, message) -> events.add(reason + ": " + message);
        ImageService images = new ImageService(runtime, recorder, clock);
        Prober prober = new Prober(runtime) {
            @Override
            public ProbeOutcome hook(io.fabric8.kubernetes.api.model.LifecycleHandler handler,
                                     io.timonel.plugins.nodeagent.probes.ProbeTarget target,
                                     java.time.Duration timeout) {
                hooks.add(String.join(" ", handler.getExec().getCommand()) + " in " + target.containerId());
                return ProbeOutcome.ok();
            }
        };
        ContainerEnv env = (p, c, podIp, hostIp) -> envFailure != null
                ? Outcome.failed(Waiting.CREATE_CONTAINER_CONFIG_ERROR, envFailure)
                : Outcome.of(List.of(new ContainerConfig.EnvVar("POD_IP", String.valueOf(podIp))));
        PodVolumes volumes = new PodVolumes() {
            @Override
            public Outcome<List<ContainerConfig.Mount>> mountsFor(Pod p, Container c) {
                return Outcome.of(List.of());
            }

            @Override
            public void refresh(Pod p) {
            }

            @Override
            public void tearDown(String podUid) {
                events.add("TearDown: " + podUid);
            }
        };
        TerminationMessages messages = new TerminationMessages(runtime, node);
        ContainerActions actions = new ContainerActions(runtime, images, env, volumes, prober, recorder, node, clock,
                messages);
        PodStatusWriter writer = new PodStatusWriter() {
            @Override
            public boolean write(Pod p, PodStatus status) {
                writes.add(status);
                pod = new PodBuilder(pod).withStatus(status).build();
                return true;
            }

            @Override
            public boolean delete(Pod p) {
                deleted = true;
                return true;
            }
        };
        sync = new PodSync(runtime, view, actions, probes, volumes, images, writer, recorder,
                Backoff.containers(clock), node, clock, Runnable::run, messages, starts);
    }

    /** One sync of the current pod, after a relist (as when the relist noticed a change and woke the pod). */
    SyncResult sync() {
        view.relist();
        PodRecord rec = records.computeIfAbsent(pod.getMetadata().getUid(), PodRecord::new);
        return sync.sync(pod, rec);
    }

    PodRecord record() {
        return records.computeIfAbsent(pod.getMetadata().getUid(), PodRecord::new);
    }

    PodStatus status() {
        return pod.getStatus();
    }

    io.fabric8.kubernetes.api.model.ContainerStatus container(String name) {
        return status().getContainerStatuses().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    io.fabric8.kubernetes.api.model.ContainerStatus init(String name) {
        return status().getInitContainerStatuses().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    io.fabric8.kubernetes.api.model.ContainerStatus ephemeral(String name) {
        return status().getEphemeralContainerStatuses().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Adds an ephemeral container to the current pod, as {@code kubectl debug} does through the API. */
    void addEphemeral(io.fabric8.kubernetes.api.model.EphemeralContainer e) {
        pod = new PodBuilder(pod).editSpec().addToEphemeralContainers(e).endSpec().build();
    }

    /** An interactive debugging container, as {@code kubectl debug -it --image=busybox:local} makes it. */
    static io.fabric8.kubernetes.api.model.EphemeralContainer debugger(String name) {
        return new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder().withName(name)
                .withImage("busybox:local").withImagePullPolicy("IfNotPresent").withCommand("sh")
                .withStdin(true).withTty(true).withTerminationMessagePolicy("File").build();
    }

    String condition(String type) {
        return status().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .map(c -> c.getStatus()).orElse(null);
    }

    static Container spec(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:local").withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "3600").build();
    }

    static PodBuilder pod(String name, String restartPolicy, Container... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata().withNewSpec().withNodeName("node-1").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(30L).withContainers(containers).endSpec();
    }

    /** Probe results set by the test, for the running containers the sync told about. */
    static final class FakeProbes implements Probes {
        final Map<String, ProbeResult> results = new ConcurrentHashMap<>();
        final Map<String, Map<String, ContainerStatus>> running = new ConcurrentHashMap<>();

        void set(String containerId, ProbeKind kind, ProbeResult result) {
            results.put(containerId + "/" + kind, result);
        }

        @Override
        public ProbeResult result(String containerId, ProbeKind kind) {
            return results.get(containerId + "/" + kind);
        }

        @Override
        public void sync(Pod pod, String podIp, Map<String, ContainerStatus> running) {
            this.running.put(pod.getMetadata().getUid(), running);
        }

        @Override
        public void forget(String podUid) {
            running.remove(podUid);
        }
    }
}
