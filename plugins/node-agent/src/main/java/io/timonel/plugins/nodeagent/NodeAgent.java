package io.timonel.plugins.nodeagent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.plugins.nodeagent.config.AgentSettings;
import io.timonel.plugins.nodeagent.env.ApiEnvSources;
import io.timonel.plugins.nodeagent.env.ContainerEnv;
import io.timonel.plugins.nodeagent.env.DefaultContainerEnv;
import io.timonel.plugins.nodeagent.events.EventRecorder;
import io.timonel.plugins.nodeagent.eviction.Candidate;
import io.timonel.plugins.nodeagent.eviction.EvictionManager;
import io.timonel.plugins.nodeagent.eviction.HostSignals;
import io.timonel.plugins.nodeagent.images.ImageImporter;
import io.timonel.plugins.nodeagent.images.ImageService;
import io.timonel.plugins.nodeagent.network.NetworkState;
import io.timonel.plugins.nodeagent.network.NetworkedRuntime;
import io.timonel.plugins.nodeagent.node.LeaseRenewer;
import io.timonel.plugins.nodeagent.node.MachineFacts;
import io.timonel.plugins.nodeagent.node.NodeFacts;
import io.timonel.plugins.nodeagent.node.NodeReporter;
import io.timonel.plugins.nodeagent.pods.AgentPodLocator;
import io.timonel.plugins.nodeagent.pods.ApiPodStatusWriter;
import io.timonel.plugins.nodeagent.pods.Backoff;
import io.timonel.plugins.nodeagent.pods.ContainerActions;
import io.timonel.plugins.nodeagent.pods.NodeIdentity;
import io.timonel.plugins.nodeagent.pods.PodRuntime;
import io.timonel.plugins.nodeagent.pods.PodStarts;
import io.timonel.plugins.nodeagent.pods.PodStatuses;
import io.timonel.plugins.nodeagent.pods.PodSync;
import io.timonel.plugins.nodeagent.pods.PodWorkers;
import io.timonel.plugins.nodeagent.pods.QosClass;
import io.timonel.plugins.nodeagent.pods.RuntimeView;
import io.timonel.plugins.nodeagent.pods.TerminationMessages;
import io.timonel.plugins.nodeagent.probes.ProbeManager;
import io.timonel.plugins.nodeagent.probes.Prober;
import io.timonel.plugins.nodeagent.runtimeconn.RuntimeConnection;
import io.timonel.plugins.nodeagent.runtimeconn.RuntimeSupervisor;
import io.timonel.plugins.nodeagent.streaming.StreamingServer;
import io.timonel.plugins.nodeagent.volumes.DefaultPodVolumes;
import io.timonel.plugins.nodeagent.volumes.PodVolumes;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.function.Supplier;
import io.timonel.spi.node.NodeComponent;
import io.timonel.spi.node.NodeContext;
import io.timonel.spi.network.PodNetworkProvider;
import io.fabric8.kubernetes.api.model.Node;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent, the kubelet's job: registers this server's Node and keeps its status and Lease
 * current, watches the pods bound to it and runs them through the configured container runtime
 * (one {@link PodWorkers worker} per pod), probes them, evicts under pressure, and serves their
 * logs, exec, attach and port-forward. Settings: {@code controllers.node-agent.*} ({@link AgentSettings}).
 * When the runtime is missing or unreachable the agent says so (Node NotReady, "container
 * runtime is down") and keeps trying; the server runs on.
 */
@Extension
public final class NodeAgent implements NodeComponent {
    public static final String NAME = "node-agent";
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private NodeContext context;
    private AgentSettings settings;
    private KubernetesClient client;
    private RuntimeConnection runtime;
    private RuntimeView view;
    private PodWorkers workers;
    private ProbeManager probes;
    private StreamingServer streaming;
    private NodeReporter reporter;
    private LeaseRenewer lease;
    private EvictionManager eviction;
    private HostSignals signals;
    private MachineFacts machine;
    private String address;
    private int port;
    private volatile SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<Service> serviceInformer;
    private SharedIndexInformer<Node> nodeInformer;
    private NetworkState network;
    private volatile boolean podsSynced;
    private volatile List<ImageInfo> images = List.of();
    private final List<ExecutorService> pools = new ArrayList<>();
    private ScheduledExecutorService loop;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(NodeContext context) throws IOException {
        this.context = context;
        settings = AgentSettings.from(context.config());
        Clock clock = context.clock();
        String node = context.nodeName();
        Path stateDir = context.stateDir();
        Files.createDirectories(stateDir);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context.api().kubeconfig())).build();
        machine = MachineFacts.read(Path.of("/"));
        address = settings.address() != null ? settings.address() : MachineFacts.firstIpv4();
        runtime = new RuntimeConnection(settings.runtime());
        network = new NetworkState(settings.network(), () -> context.extensions().of(PodNetworkProvider.class), node,
                context.config(), stateDir);
        // sandboxes run, list and stop through the pod network; everything else goes straight to the runtime
        NetworkedRuntime networked = new NetworkedRuntime(runtime, network);

        loop = Executors.newScheduledThreadPool(2, threads("node-agent-loop"));
        ExecutorService podPool = pool(Executors.newCachedThreadPool(threads("node-agent-pod")));
        ExecutorService probePool = pool(Executors.newCachedThreadPool(threads("node-agent-probe")));
        ExecutorService stopPool = pool(Executors.newCachedThreadPool(threads("node-agent-stop")));
        ExecutorService eventPool = pool(Executors.newSingleThreadExecutor(threads("node-agent-events")));

        EventRecorder events = new EventRecorder(client, node, clock, eventPool);
        NodeIdentity identity = new NodeIdentity(node, address, machine.hostname(), stateDir, settings.clusterDns(),
                settings.clusterDomain(), Path.of("/etc/resolv.conf"));
        view = new RuntimeView(networked, node, uid -> {
            PodWorkers w = workers;
            if (w != null) {
                w.changed(uid);
            }
        });
        Prober prober = new Prober(runtime);
        probes = new ProbeManager(prober, clock, context.executor(), probePool, events, uid -> workers.changed(uid));
        ImageService imageService = new ImageService(runtime, events, clock);
        Supplier<Map<String, Quantity>> allocatable = () -> Map.of(
                "cpu", new Quantity(Integer.toString(machine.cpus())),
                "memory", new Quantity(Long.toString(machine.memoryBytes())));
        PodVolumes volumes = DefaultPodVolumes.create(client, stateDir.resolve("pods"), node, allocatable,
                context.api().caPem());
        // every container start reads the Services of its namespace and of default (service links)
        serviceInformer = client.services().inAnyNamespace().runnableInformer(0);
        serviceInformer.start();
        ContainerEnv env = new DefaultContainerEnv(new ApiEnvSources(client, serviceInformer), allocatable,
                (pod, reason, message) -> events.record(pod, null, true, reason, message));
        TerminationMessages messages = new TerminationMessages(runtime, identity);
        ContainerActions actions = new ContainerActions(runtime, imageService, env, volumes, prober, events, identity,
                clock, messages);
        PodSync sync = new PodSync(networked, view, actions, probes, volumes, imageService,
                new ApiPodStatusWriter(client), events, Backoff.containers(clock), identity, clock, stopPool, messages,
                new PodStarts(settings.maxParallelStarts()));
        workers = new PodWorkers(sync, podPool, context.executor(), settings.resyncInterval());

        streaming = new StreamingServer(runtime, new AgentPodLocator(this::podByName, view), context);
        port = startStreaming(settings.port());

        signals = new HostSignals(Path.of("/proc/meminfo"), stateDir);
        eviction = new EvictionManager(signals, settings.eviction(), this::candidates, workers::evict);
        reporter = new NodeReporter(client, clock, this::facts, settings.statusReport());
        lease = new LeaseRenewer(client, clock, node, reporter::uid);
        RuntimeSupervisor supervisor = new RuntimeSupervisor(runtime,
                () -> context.extensions().of(ContainerRuntimeProvider.class), context.config(), new Supervision());

        // the first round connects before it reports, so that a reachable runtime is Ready at once
        loop.execute(() -> {
            try {
                supervisor.check();
            } catch (RuntimeException e) {
                LOG.warn("container runtime check failed", e);
            } finally {
                every(settings.runtimeRetry(), settings.runtimeRetry(), supervisor::check);
                every(settings.statusInterval(), reporter::sync);
            }
        });
        every(settings.leaseInterval(), () -> {
            if (reporter.registered()) {
                lease.renew();
            }
        });
        every(settings.relistInterval(), this::relist);
        every(settings.runtimeRetry(), () -> {
            boolean was = network.problem().isPresent();
            network.retry();
            if (was != network.problem().isPresent()) {
                reporter.markChanged();
            }
        });
        watchNode();
        every(settings.evictionInterval(), eviction::check);
        LOG.info("node agent for node {} ({}) started: runtime {}, streaming port {}", node, address,
                settings.runtime(), port);
    }

    /**
     * Starts the streaming server on {@code wanted}, or on any free port when that one is taken
     * (another agent on this machine): the API server finds it through the Node's
     * daemonEndpoints either way. Returns 0 when it cannot listen at all.
     */
    private int startStreaming(int wanted) {
        try {
            return streaming.start(wanted);
        } catch (RuntimeException e) {
            if (wanted != 0) {
                LOG.warn("the streaming server cannot listen on port {} ({}): it takes any free port", wanted,
                        e.getMessage());
                return startStreaming(0);
            }
            // the node still runs pods; only logs, exec, attach and port-forward are unavailable
            LOG.error("the streaming server cannot listen: {}; logs and exec will not work", e.getMessage());
            return 0;
        }
    }

    /** What the agent does when the runtime comes and goes. */
    private final class Supervision implements RuntimeSupervisor.Listener {
        @Override
        public void runtimeUp(boolean first) {
            if (first) {
                if (settings.imagesDir() != null) {
                    new ImageImporter(runtime).importDirectory(settings.imagesDir());
                }
                watchPods();
            }
            refreshImages();
            reporter.markChanged();
            loop.execute(reporter::sync);
        }

        @Override
        public void runtimeDown(String why) {
            reporter.markChanged();
            loop.execute(reporter::sync);
        }
    }

    /** Follows this node's own Node for its pod CIDRs, which the pod network needs before pods start. */
    private void watchNode() {
        nodeInformer = client.nodes().withField("metadata.name", context.nodeName()).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                podCidrs(n);
            }

            @Override
            public void onUpdate(Node old, Node n) {
                podCidrs(n);
            }

            @Override
            public void onDelete(Node n, boolean finalStateUnknown) {
                // registered again by the reporter, with the CIDR the controller gives it then
            }
        }, 0);
    }

    private void podCidrs(Node n) {
        List<String> cidrs = new ArrayList<>();
        if (n.getSpec() != null && n.getSpec().getPodCIDRs() != null) {
            cidrs.addAll(n.getSpec().getPodCIDRs());
        }
        if (cidrs.isEmpty() && n.getSpec() != null && n.getSpec().getPodCIDR() != null) {
            cidrs.add(n.getSpec().getPodCIDR());
        }
        boolean was = network.problem().isPresent();
        network.podCidrs(cidrs);
        if (was != network.problem().isPresent()) {
            reporter.markChanged();
            loop.execute(reporter::sync);
        }
    }

    private void watchPods() {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace()
                .withField("spec.nodeName", context.nodeName()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                workers.update(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                workers.update(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                workers.removed(pod);
            }
        });
        podInformer = informer;
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("cannot watch the pods of node {}; pods will not run", context.nodeName(), error);
                return;
            }
            podsSynced = true;
            loop.execute(this::relist);
        });
    }

    /** Lists the runtime (waking the pods whose containers changed) and hands orphans to their cleanup. */
    private void relist() {
        if (!runtime.isUp() || !podsSynced) {
            return;
        }
        try {
            RuntimeView.Snapshot snapshot = view.relist();
            for (Map.Entry<String, PodRuntime> e : snapshot.pods().entrySet()) {
                if (!workers.knows(e.getKey())) {
                    workers.orphan(e.getKey(), labels(e.getValue()));
                }
            }
        } catch (RuntimeUnavailableException e) {
            LOG.debug("relist failed: {}", e.getMessage());
        }
    }

    private static Map<String, String> labels(PodRuntime rt) {
        if (!rt.sandboxes().isEmpty()) {
            return rt.sandboxes().get(0).labels();
        }
        return rt.containers().isEmpty() ? Map.of() : rt.containers().get(0).labels();
    }

    private Pod podByName(String namespace, String name) {
        SharedIndexInformer<Pod> informer = podInformer;
        return informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
    }

    private void refreshImages() {
        try {
            images = runtime.listImages();
        } catch (RuntimeUnavailableException e) {
            images = List.of();
        }
    }

    private NodeFacts facts() {
        boolean up = runtime.isUp();
        if (up) {
            refreshImages();
        }
        String version = null;
        if (up) {
            try {
                version = runtime.version();
            } catch (RuntimeUnavailableException e) {
                version = null;
            }
        }
        long fsCapacity = signals.fsCapacity();
        return new NodeFacts(context.nodeName(), machine, address, settings.maxPods(),
                settings.eviction().memoryFloor(machine.memoryBytes()), fsCapacity,
                settings.eviction().nodefsFloor(fsCapacity), version, version == null ? List.of() : images,
                eviction.pressure(), port, network.problem().orElse(null));
    }

    /** The running pods that may be evicted, with their memory use. */
    private List<Candidate> candidates() {
        RuntimeView.Snapshot snapshot = view.latest();
        if (snapshot == null || !runtime.isUp()) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        for (Pod pod : workers.pods()) {
            String uid = pod.getMetadata().getUid();
            if (PodStatuses.isTerminal(pod.getStatus()) || workers.evicting(uid)
                    || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            long memory = 0;
            boolean running = false;
            for (ContainerStatus c : snapshot.pod(uid).containers()) {
                if (c.state() == ContainerStatus.State.RUNNING) {
                    running = true;
                    try {
                        memory += runtime.stats(c.id()).memoryWorkingSetBytes();
                    } catch (RuntimeUnavailableException e) {
                        // counted as nothing
                    }
                }
            }
            if (running) {
                out.add(new Candidate(uid, pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                        QosClass.of(pod.getSpec()), memory));
            }
        }
        return out;
    }

    private void every(Duration period, Runnable task) {
        every(Duration.ZERO, period, task);
    }

    private void every(Duration first, Duration period, Runnable task) {
        loop.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("node agent task failed", e);
            }
        }, first.toMillis(), Math.max(1, period.toMillis()), TimeUnit.MILLISECONDS);
    }

    private ExecutorService pool(ExecutorService pool) {
        pools.add(pool);
        return pool;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void stop() {
        try {
            if (loop != null) {
                loop.shutdownNow();
            }
            if (podInformer != null) {
                podInformer.close();
            }
            if (serviceInformer != null) {
                serviceInformer.close();
            }
            if (nodeInformer != null) {
                nodeInformer.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (probes != null) {
                probes.close();
            }
            if (streaming != null) {
                streaming.close();
            }
            pools.forEach(ExecutorService::shutdownNow);
            if (network != null) {
                network.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            if (client != null) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("node agent did not stop cleanly", e);
        }
    }
}
