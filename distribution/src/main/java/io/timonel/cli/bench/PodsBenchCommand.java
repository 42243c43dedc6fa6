package io.timonel.cli.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.timonel.kernel.plugin.PluginHost;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.SandboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code timonel bench pods}: pod start-up on the server's own node with a real runtime. (1) The
 * bare runtime: N sandboxes with one container each started straight through the runtime plugin
 * (CRI-like sandbox + create + start, what the node agent must do at least), all submitted at
 * once; (2) the same N pods created through the API at once, each timed from its create until a
 * watch sees it Ready; (3) the server's resident memory with its node agent idle beside the same
 * server without one.
 */
@Command(name = "pods", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Pod start-up latency through the node agent beside the bare runtime, and the agent's memory.",
                "Starts bin/timonel server on loopback with temporary data; needs the runtime running and the "
                        + "bundle's images (scripts/cluster-up.sh builds them)."})
public final class PodsBenchCommand implements Callable<Integer> {
    private static final Goal RATIO_GOAL = Goal.atMost(1.3, "×");
    private static final Goal ALL_RUNNING_GOAL = Goal.atMost(10, "s");
    private static final Goal RSS_GOAL = Goal.atMost(100, "MB");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final String NAMESPACE = "bench-pods";
    private static final String IMAGE = "busybox:local";

    @Spec
    CommandSpec spec;

    @Option(names = "--pods", paramLabel = "N", description = "Pods to start. Default: ${DEFAULT-VALUE}.")
    int pods = 100;

    @Option(names = "--runtime", paramLabel = "NAME", description = "docker or containerd. Default: ${DEFAULT-VALUE}.")
    String runtime = "docker";

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Concurrent starts in the bare-runtime baseline. Default: ${DEFAULT-VALUE}.")
    int parallelism = 16;

    /** The phases a run measures. */
    enum Part { bare, agent, memory }

    @Option(names = "--parts", paramLabel = "PART", split = ",",
            description = "Phases to run (bare, agent, memory; to repeat one figure). Default: all.")
    Set<Part> parts = java.util.EnumSet.allOf(Part.class);

    private final LongSupplier ticker = System::nanoTime;
    private PrintWriter progress;

    @Override
    public Integer call() throws Exception {
        progress = spec.commandLine().getErr();
        BenchReport report = new BenchReport("Timonel pod start-up benchmark (bin/timonel bench pods)");
        report.context(String.format(Locale.ROOT, "machine: %d CPUs; runtime %s; %d pods of %s (sleep)",
                Runtime.getRuntime().availableProcessors(), runtime, pods, IMAGE));
        Path work = Files.createTempDirectory("timonel-bench-pods-");
        try (Cleanup cleanup = new Cleanup(System.err).onShutdown()) {
            cleanup.add("remove " + work, () -> Cleanup.deleteTree(work));
            Path home = TimonelServer.home();
            Starts bare = parts.contains(Part.bare) ? bareRuntime(home, work.resolve("bare")) : Starts.NONE;
            Starts agent = parts.contains(Part.agent) ? throughAgent(home, work.resolve("agent")) : Starts.NONE;
            report.section("Start-up of " + pods + " pods created at once (create → Ready)");
            report.figure("p50 through the node agent", agent.latency.p50Ms(), "ms", String.format(Locale.ROOT,
                    "bare runtime (sandbox+create+start, %d at a time): %.0f ms", parallelism, bare.latency.p50Ms()));
            report.figure("p99 through the node agent", agent.latency.p99Ms(), "ms", String.format(Locale.ROOT,
                    "bare runtime: %.0f ms; Kubernetes' SLO: 5,000 ms", bare.latency.p99Ms()));
            report.figure("p99 ratio to the bare runtime", agent.latency.p99Ms() / bare.latency.p99Ms(), "×",
                    RATIO_GOAL, "");
            report.figure("all " + pods + " pods Ready after their creation began", agent.allSeconds, "s",
                    ALL_RUNNING_GOAL, String.format(Locale.ROOT, "bare runtime: all started after %.2f s (%.2f×)",
                            bare.allSeconds, agent.allSeconds / bare.allSeconds));
            if (parts.contains(Part.memory)) {
                memory(report, work);
            }
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Per-pod latencies and the time until the last one was up. */
    private record Starts(LatencySummary latency, double allSeconds) {
        /** A phase not run: its figures are not measured. */
        static final Starts NONE = new Starts(LatencySummary.EMPTY, Double.NaN);
    }

    private Starts bareRuntime(Path home, Path work) throws Exception {
        step("baseline: " + pods + " sandboxes + containers straight through the " + runtime + " plugin");
        Files.createDirectories(work);
        try (PluginHost plugins = PluginHost.load(home.resolve("plugins"), Set.of(), Set.of())) {
            plugins.start();
            ContainerRuntimeProvider provider = plugins.extensions(ContainerRuntimeProvider.class).stream()
                    .filter(p -> p.name().equals(runtime)).findFirst()
                    .orElseThrow(() -> new IOException("no plugin provides the runtime " + runtime));
            try (ContainerRuntime rt = provider.open(Map.of())) {
                importImages(rt, home);
                List<String> sandboxes = java.util.Collections.synchronizedList(new ArrayList<>());
                ExecutorService pool = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("bench-pods-"));
                Histogram histogram = LatencySummary.newHistogram();
                try {
                    long start = ticker.getAsLong();
                    List<Future<Long>> done = new ArrayList<>();
                    for (int i = 0; i < pods; i++) {
                        int n = i;
                        done.add(pool.submit(() -> {
                            String uid = UUID.randomUUID().toString();
                            Map<String, String> labels = Map.of("io.kubernetes.pod.name", "bare-" + n,
                                    "io.kubernetes.pod.namespace", NAMESPACE, "io.kubernetes.pod.uid", uid);
                            SandboxConfig sandbox = new SandboxConfig("bare-" + n, NAMESPACE, uid, 0, "bare-" + n, false,
                                    null, List.of(), labels, Map.of(), work.resolve("logs/" + uid).toString(), null);
                            String id = rt.runSandbox(sandbox);
                            sandboxes.add(id);
                            String container = rt.createContainer(id, new ContainerConfig("main", 0, IMAGE,
                                    List.of("sleep", "3600"), List.of(), null, List.of(), List.of(), labels, Map.of(),
                                    false, false, false, ContainerConfig.Resources.NONE,
                                    ContainerConfig.Security.DEFAULT, "main/0.log"), sandbox);
                            rt.startContainer(container);
                            return ticker.getAsLong();
                        }));
                    }
                    long last = start;
                    for (Future<Long> f : done) {
                        long at = f.get(5, TimeUnit.MINUTES);
                        histogram.recordValue(at - start);
                        last = Math.max(last, at);
                    }
                    return new Starts(LatencySummary.of(histogram), (last - start) / 1e9);
                } finally {
                    pool.shutdownNow();
                    step("removing the baseline's " + sandboxes.size() + " sandboxes");
                    for (String id : sandboxes) {
                        try {
                            rt.stopSandbox(id);
                            rt.removeSandbox(id);
                        } catch (RuntimeException e) {
                            progress.println("could not remove sandbox " + id + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
    }

    private static void importImages(ContainerRuntime rt, Path home) throws IOException {
        if (rt.image(IMAGE).isPresent()) {
            return;
        }
        Path tarball = home.resolve("images").resolve("busybox.tar");
        if (!Files.isRegularFile(tarball)) {
            throw new IOException(IMAGE + " is not in the runtime and " + tarball + " is missing (images/build-images.sh)");
        }
        rt.importImage(tarball);
    }

    private Starts throughAgent(Path home, Path work) throws Exception {
        step("starting a server whose node agent uses " + runtime);
        TimonelServer server = TimonelServer.start(home, work, READY_WITHIN, ticker, List.of("--runtime=" + runtime));
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build()) {
            awaitNodeReady(client);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            awaitServiceAccount(client);
            Map<String, Long> createdAt = new ConcurrentHashMap<>();
            Map<String, Long> readyAt = new ConcurrentHashMap<>();
            CountDownLatch allReady = new CountDownLatch(pods);
            Watch watch = client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                            && pod.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
                    if (ready && readyAt.putIfAbsent(pod.getMetadata().getName(), ticker.getAsLong()) == null) {
                        allReady.countDown();
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            try {
                step("creating " + pods + " pods at once");
                ExecutorService pool = Executors.newFixedThreadPool(16, DaemonThreads.named("bench-pods-create-"));
                long start = ticker.getAsLong();
                try {
                    List<Future<?>> created = new ArrayList<>();
                    for (int i = 0; i < pods; i++) {
                        String name = "pod-" + i;
                        created.add(pool.submit(() -> {
                            createdAt.put(name, ticker.getAsLong());
                            return client.pods().inNamespace(NAMESPACE).resource(pod(name)).create();
                        }));
                    }
                    for (Future<?> f : created) {
                        f.get(2, TimeUnit.MINUTES);
                    }
                } finally {
                    pool.shutdownNow();
                }
                if (!allReady.await(5, TimeUnit.MINUTES)) {
                    throw new IOException("only " + readyAt.size() + " of " + pods + " pods became Ready in 5 minutes");
                }
                Histogram histogram = LatencySummary.newHistogram();
                long last = start;
                for (Map.Entry<String, Long> e : readyAt.entrySet()) {
                    histogram.recordValue(Math.max(0, e.getValue() - createdAt.get(e.getKey())));
                    last = Math.max(last, e.getValue());
                }
                return new Starts(LatencySummary.of(histogram), (last - start) / 1e9);
            } finally {
                watch.close();
                step("deleting the pods");
                client.namespaces().withName(NAMESPACE).delete();
                awaitNoPods(client);
            }
        } finally {
            server.close();
        }
    }

    private void memory(BenchReport report, Path work) throws Exception {
        report.section("Memory");
        long with = idleRss(work.resolve("rss-agent"), "--runtime=" + runtime);
        long without = idleRss(work.resolve("rss-none"), "--runtime=none");
        report.figure("node agent idle RSS (server with agent − server without)", (with - without) / 1024.0, "MB",
                RSS_GOAL, String.format(Locale.ROOT, "server with its node agent: %.0f MB, without: %.0f MB (each after "
                        + "a full GC with the heap trimmed to its live data); the agent runs inside the server process", with / 1024.0, without / 1024.0));
    }

    /** Resident KiB of an idle server with {@code runtimeOption}, after start-up work settled. */
    private long idleRss(Path work, String runtimeOption) throws Exception {
        step("measuring the resident memory of an idle server with " + runtimeOption);
        TimonelServer server = TimonelServer.start(TimonelServer.home(), work, READY_WITHIN, ticker,
                List.of(runtimeOption));
        try {
            if (!runtimeOption.endsWith("none")) {
                try (KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build()) {
                    awaitNodeReady(client);
                }
            }
            Thread.sleep(15_000); // start-up work settles
            fullGc(server.handle());
            Thread.sleep(2_000);
            return ProcessTree.residentKib(server.handle()).orElseThrow(() -> new IOException("no RSS for the server"));
        } finally {
            server.close();
        }
    }

    /**
     * A full collection in the server (jcmd GC.run) after its heap was told to keep at most 10%
     * free (MaxHeapFreeRatio, a manageable flag), so that the heap shrinks to what it holds
     * before RSS is read. Without it, G1 may keep from 40% to 70% of the heap free after the
     * collection, a spread larger than the agent itself: two runs of the same server differed
     * by up to 60 MB. Both servers of the comparison get the same treatment.
     */
    private void fullGc(ProcessHandle server) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            step("no jcmd in this JDK: RSS read without a full GC first");
            return;
        }
        jcmd(jcmd, server, "VM.set_flag", "MinHeapFreeRatio", "0");
        jcmd(jcmd, server, "VM.set_flag", "MaxHeapFreeRatio", "10");
        jcmd(jcmd, server, "GC.run");
    }

    private static void jcmd(Path jcmd, ProcessHandle server, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(server.pid())));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "bench").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L).addNewContainer().withName("main").withImage(IMAGE)
                .withImagePullPolicy("IfNotPresent").withCommand("sleep", "3600").endContainer().endSpec().build();
    }

    private void awaitNodeReady(KubernetesClient client) throws Exception {
        step("waiting for the node to be Ready");
        await(() -> client.nodes().list().getItems().stream().anyMatch(n -> n.getStatus() != null
                && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))), Duration.ofSeconds(120));
    }

    private void awaitServiceAccount(KubernetesClient client) throws Exception {
        await(() -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null,
                Duration.ofSeconds(30));
    }

    private void awaitNoPods(KubernetesClient client) throws Exception {
        await(() -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty(), Duration.ofSeconds(120));
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(Check check, Duration limit) throws Exception {
        long deadline = ticker.getAsLong() + limit.toNanos();
        while (!check.holds()) {
            if (ticker.getAsLong() - deadline > 0) {
                throw new IOException("timed out after " + limit.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private void step(String what) {
        progress.println("bench pods: " + what);
        progress.flush();
    }
}
