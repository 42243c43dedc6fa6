package io.timonel.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code timonel bench scheduler}: Kubernetes' scheduler_perf SchedulingBasic against a
 * {@code bin/timonel server} it starts: Node objects without kubelets, pods existing before the
 * measurement, then pods created by several clients and timed until a watch sees every one
 * bound ({@code spec.nodeName} set). Reports pods/s and create-to-bound latency.
 */
@Command(name = "scheduler", sortOptions = false,
        description = {"Benchmark the scheduler like Kubernetes' scheduler_perf SchedulingBasic: nodes without kubelets, "
                + "pods created through the API and timed until bound.",
                "Starts bin/timonel server on loopback with temporary data."})
public final class SchedulerBenchCommand implements Callable<Integer> {

    /** Kubernetes' CI threshold for SchedulingBasic 5000 nodes (scheduler_perf performance-config). */
    static final double KUBERNETES_CI_FLOOR = 680;
    private static final Goal THROUGHPUT = Goal.atLeast(2_000, "pods/s");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final String INIT = "init-";
    private static final String MEASURED = "p-";

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", description = "Node objects to create. Default: ${DEFAULT-VALUE}.")
    int nodes = 5_000;

    @Option(names = "--init-pods", paramLabel = "N", description = "Pods created and bound before measuring. Default: ${DEFAULT-VALUE}.")
    int initPods = 1_000;

    @Option(names = "--pods", paramLabel = "N", description = "Pods created and measured. Default: ${DEFAULT-VALUE}.")
    int pods = 10_000;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients creating objects. Default: ${DEFAULT-VALUE}.")
    int clients = 48;

    @Option(names = "--timeout-seconds", paramLabel = "S",
            description = "How long to wait for all measured pods to be bound. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 300;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the server's temporary data goes. Default: the system temp folder.")
    Path workDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final LongSupplier ticker = System::nanoTime;
    private PrintWriter progress;

    @Override
    public Integer call() throws Exception {
        if (nodes <= 0 || initPods < 0 || pods <= 0 || clients <= 0 || timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "counts must be positive");
        }
        progress = spec.commandLine().getErr();
        BenchReport report = new BenchReport("Timonel scheduler benchmark (bin/timonel bench scheduler)");
        report.context(String.format(Locale.ROOT, "SchedulingBasic: %d nodes, %d pods existing, %d pods measured; "
                + "%d creating clients; machine: %d CPUs", nodes, initPods, pods, clients, Runtime.getRuntime().availableProcessors()));
        Path parent = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "timonel-bench-sched-");
        ClosedLoopLoad load = new ClosedLoopLoad(DaemonThreads.named("bench-sched-"), ticker);
        try (Cleanup cleanup = new Cleanup(System.err).onShutdown()) {
            cleanup.add("remove " + work, () -> Cleanup.deleteTree(work));
            step("starting bin/timonel server");
            // as scheduler_perf runs it: the API server and the scheduler only (its nodes are bare objects with no
            // kubelet, which node lifecycle would mark unreachable and taint in the middle of the run)
            Path config = work.resolve("timonel.yaml");
            Files.writeString(config, "controllers:\n  controller-manager: {enabled: \"false\"}\n");
            TimonelServer server = TimonelServer.start(TimonelServer.home(), work.resolve("timonel"), READY_WITHIN, ticker,
                    List.of("--config", config.toString()));
            cleanup.add("stop the timonel server", server::close);
            report.context("server: bin/timonel server (pid " + server.pid() + ", " + server.url() + ")");
            HttpPool pool = new HttpPool(server.credentials().sslContext(), 2);
            KubeApi api = new KubeApi(server.url(), pool);
            String namespace = "bench-sched-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
            KubeApi.Reply ns = api.createNamespace(namespace);
            if (ns.status() != 201) {
                throw new IOException("cannot create namespace " + namespace + ": " + ns.describe());
            }
            CpuSplit cpu = new CpuSplit(CpuMeter.tree(server.handle())::seconds,
                    CpuMeter.process(ProcessHandle.current())::seconds, ticker);

            report.section("Setup");
            step("creating " + nodes + " nodes");
            String run = namespace.substring("bench-sched-".length());
            LoadResult created = load.run(clients, Budget.ops(nodes), (worker, seq) -> createNode(api, pool, worker,
                    "sched-" + run + "-" + seq));
            report.figure("nodes created", created.opsPerSecond(), "nodes/s", created.succeeded() + " of " + nodes
                    + failures(created));
            if (created.succeeded() < nodes) {
                throw new IOException("only " + created.succeeded() + " of " + nodes + " nodes created: " + created.firstFailure());
            }
            if (initPods > 0) {
                step("creating " + initPods + " pods and waiting until they are bound");
                Phase init = measure(api, pool, load, namespace, INIT, initPods);
                report.figure("initial pods bound", init.podsPerSecond(), "pods/s", init.detail());
                if (!init.complete()) {
                    throw new IOException("initial pods not all bound: " + init.detail());
                }
            }

            report.section("Measured: " + pods + " pods created by " + clients + " clients, timed until bound");
            step("creating " + pods + " pods and waiting until they are bound");
            CpuSplit.Mark mark = cpu.mark();
            Phase measured = measure(api, pool, load, namespace, MEASURED, pods);
            String busy = cpu.since(mark);
            report.figure("scheduling throughput", measured.podsPerSecond(), "pods/s", THROUGHPUT,
                    String.format(Locale.ROOT, "Kubernetes' CI floor for this workload: %s pods/s; %s; %s",
                            Figures.number(KUBERNETES_CI_FLOOR), measured.detail(), busy));
            LatencySummary latency = measured.latency();
            report.figure("p50 create → bound", latency.p50Ms(), "ms", "");
            report.figure("p99 create → bound", latency.p99Ms(), "ms", "max " + Figures.number(latency.maxMs()) + " ms");
            report.figure("pod creation rate", measured.created().opsPerSecond(), "pods/s",
                    "p99 create request " + Figures.number(measured.created().latency().p99Ms()) + " ms" + failures(measured.created()));
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** One phase's outcome: pods bound over the time from the first create sent to the last binding seen. */
    private record Phase(int expected, int bound, long elapsedNanos, LoadResult created, LatencySummary latency, String failure) {
        boolean complete() {
            return bound == expected;
        }

        double podsPerSecond() {
            return elapsedNanos <= 0 ? Double.NaN : bound / (elapsedNanos / 1e9);
        }

        String detail() {
            return String.format(Locale.ROOT, "%d of %d bound in %s s%s", bound, expected, Figures.number(elapsedNanos / 1e9),
                    failure == null ? "" : "; " + failure);
        }
    }

    /**
     * Watches pods entering {@code spec.nodeName!=} (a bound pod is ADDED to that selection),
     * creates {@code count} pods named {@code <prefix><n>}, and waits for all to be seen bound.
     */
    private Phase measure(KubeApi api, HttpPool pool, ClosedLoopLoad load, String namespace, String prefix, int count)
            throws Exception {
        AtomicLongArray sentAt = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            sentAt.set(i, Watcher.NOT_SENT);
        }
        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Watcher watcher = new Watcher(prefix, count, sentAt, ticker, finished);
        URI watch = URI.create(api.server() + "/api/v1/namespaces/" + namespace
                + "/pods?watch=true&fieldSelector=spec.nodeName%21%3D&timeoutSeconds=" + (timeoutSeconds + 60));
        pool.client(1).sendAsync(HttpRequest.newBuilder(watch).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(timeoutSeconds + 90L)).GET().build(), info -> {
            started.countDown();
            if (info.statusCode() != 200) {
                watcher.fail("watch answered HTTP " + info.statusCode());
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromSubscriber(watcher);
        }).whenComplete((r, e) -> {
            if (e != null) {
                started.countDown();
                watcher.fail("watch failed: " + e);
            }
        });
        try {
            started.await(30, TimeUnit.SECONDS);
            long start = ticker.getAsLong();
            LoadResult created = load.run(clients, Budget.ops(count), (worker, seq) -> {
                sentAt.set((int) seq, ticker.getAsLong());
                KubeApi.Reply reply = api.post(worker, "/api/v1/namespaces/" + namespace + "/pods",
                        podJson(namespace, prefix + seq));
                return reply.status() == 201 ? null : reply.describe();
            });
            finished.await(timeoutSeconds, TimeUnit.SECONDS);
            long end = watcher.complete() ? watcher.lastEventAt() : ticker.getAsLong();
            String failure = watcher.failure() != null ? watcher.failure() : created.firstFailure();
            if (failure == null && !watcher.complete()) {
                failure = "not all bound within " + timeoutSeconds + " s";
            }
            return new Phase(count, watcher.count(), end - start, created, LatencySummary.of(watcher.lag()), failure);
        } finally {
            watcher.cancel();
        }
    }

    /** scheduler_perf's node-default: 4 CPUs, 32 GiB, 110 pods, Ready; status written with the node. */
    private static String createNode(KubeApi api, HttpPool pool, int worker, String name) throws Exception {
        String status = "{\"capacity\":{\"pods\":\"110\",\"cpu\":\"4\",\"memory\":\"32Gi\"},"
                + "\"allocatable\":{\"pods\":\"110\",\"cpu\":\"4\",\"memory\":\"32Gi\"},"
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\"}],\"phase\":\"Running\"}";
        String node = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{"
                + "\"kubernetes.io/hostname\":\"" + name + "\"}},\"spec\":{},\"status\":" + status + "}";
        KubeApi.Reply reply = api.post(worker, "/api/v1/nodes", node);
        if (reply.status() != 201) {
            return reply.describe();
        }
        if (reply.body().contains("\"allocatable\"")) {
            return null;
        }
        // the server dropped the status on create (it belongs to the status subresource): write it there
        HttpResponse<String> patched = pool.client(worker).send(HttpRequest.newBuilder(
                        URI.create(api.server() + "/api/v1/nodes/" + name + "/status"))
                .header("Content-Type", "application/merge-patch+json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":" + status + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return patched.statusCode() == 200 ? null : new KubeApi.Reply(patched.statusCode(), patched.body()).describe();
    }

    /** scheduler_perf's pod-default: one pause container requesting 100m CPU and 500 MiB. */
    private static String podJson(String namespace, String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace
                + "\"},\"spec\":{\"containers\":[{\"name\":\"pause\",\"image\":\"registry.k8s.io/pause:3.10\","
                + "\"ports\":[{\"containerPort\":80}],\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"500Mi\"},"
                + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"500Mi\"}}}]}}";
    }

    private static String failures(LoadResult result) {
        return result.failed() == 0 ? "" : "; " + result.failed() + " failed, first: " + result.firstFailure();
    }

    private void step(String what) {
        progress.println("bench: " + what);
        progress.flush();
    }

}
