package io.timonel.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code timonel bench controllers}: the control loops at scale on simulated nodes. (1) A
 * Deployment of many replicas, timed from its create until all replicas are available, beside
 * the same number of pods the benchmark creates itself already bound to nodes (no controller,
 * no scheduler) timed until Running: the ratio is what the ReplicaSet/Deployment loops and the
 * scheduler add. (2) The server's CPU while thousands of simulated nodes heartbeat, beside the
 * same server idle with none.
 */
@Command(name = "controllers", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"A large Deployment on simulated nodes, and the CPU of thousands of heartbeating nodes.",
                "Starts bin/timonel server on loopback with temporary data."})
public final class ControllersBenchCommand implements Callable<Integer> {
    private static final Goal DEPLOYMENT_GOAL = Goal.atMost(10, "s");
    private static final Goal HEARTBEAT_GOAL = Goal.atMost(1, "cores");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final String NAMESPACE = "bench-controllers";

    @Spec
    CommandSpec spec;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas of the Deployment. Default: ${DEFAULT-VALUE}.")
    int replicas = 1_000;

    @Option(names = "--deployment-nodes", paramLabel = "N",
            description = "Simulated nodes for the Deployment phase. Default: ${DEFAULT-VALUE}.")
    int deploymentNodes = 100;

    @Option(names = "--heartbeat-nodes", paramLabel = "N",
            description = "Simulated nodes for the heartbeat phase (10 s Lease renewals). Default: ${DEFAULT-VALUE}.")
    int heartbeatNodes = 5_000;

    @Option(names = "--cpu-seconds", paramLabel = "S",
            description = "How long server CPU is measured in each heartbeat run. Default: ${DEFAULT-VALUE}.")
    int cpuSeconds = 30;

    private final LongSupplier ticker = System::nanoTime;
    private PrintWriter progress;

    @Override
    public Integer call() throws Exception {
        progress = spec.commandLine().getErr();
        BenchReport report = new BenchReport("Timonel controllers benchmark (bin/timonel bench controllers)");
        report.context(String.format(Locale.ROOT, "machine: %d CPUs", Runtime.getRuntime().availableProcessors()));
        Path work = Files.createTempDirectory("timonel-bench-controllers-");
        try (Cleanup cleanup = new Cleanup(System.err).onShutdown()) {
            cleanup.add("remove " + work, () -> Cleanup.deleteTree(work));
            deployment(report, work.resolve("deployment"));
            heartbeats(report, work);
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void deployment(BenchReport report, Path work) throws Exception {
        step("starting a server with " + deploymentNodes + " simulated nodes");
        TimonelServer server = TimonelServer.start(TimonelServer.home(), work, READY_WITHIN, ticker,
                List.of("--simulated-nodes=" + deploymentNodes));
        try {
            KubeApi api = new KubeApi(server.url(), new HttpPool(server.credentials().sslContext(), 2));
            require(api.createNamespace(NAMESPACE), "create namespace");
            awaitReadyNodes(api, deploymentNodes, Duration.ofSeconds(120));

            step("baseline: " + replicas + " pods created already bound, until Running");
            ClosedLoopLoad load = new ClosedLoopLoad(DaemonThreads.named("bench-controllers-"), ticker);
            long start = ticker.getAsLong();
            LoadResult created = load.run(16, Budget.ops(replicas), (worker, seq) -> {
                KubeApi.Reply reply = api.post(worker, "/api/v1/namespaces/" + NAMESPACE + "/pods",
                        boundPod("bare-" + seq, "sim-node-" + (seq % deploymentNodes)));
                return reply.status() == 201 ? null : reply.describe();
            });
            if (created.succeeded() < replicas) {
                throw new IOException("baseline pods not all created: " + created.firstFailure());
            }
            double bare = awaitSeconds(start, () -> runningPods(api, "app=bare") >= replicas, Duration.ofSeconds(120));

            step("a Deployment of " + replicas + " replicas, until all available");
            start = ticker.getAsLong();
            require(api.post(0, "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments", deployment(replicas)),
                    "create deployment");
            double deployed = awaitSeconds(start, () -> availableReplicas(api) >= replicas, Duration.ofSeconds(180));
            report.section("Deployment of " + replicas + " replicas on " + deploymentNodes + " simulated nodes");
            report.figure("create → all available", deployed, "s", DEPLOYMENT_GOAL, String.format(Locale.ROOT,
                    "baseline: the same number of pods created already bound, until Running: %.2f s (%.2f×)",
                    bare, deployed / bare));
        } finally {
            server.close();
        }
    }

    private void heartbeats(BenchReport report, Path work) throws Exception {
        report.section("Heartbeats: Lease renewal every 10 s, node status every minute");
        double idle = serverCpu(work.resolve("idle"), 0);
        double busy = serverCpu(work.resolve("nodes"), heartbeatNodes);
        report.figure("server CPU with " + heartbeatNodes + " simulated nodes", busy, "cores", HEARTBEAT_GOAL,
                String.format(Locale.ROOT, "baseline: the same server idle with no node: %.3f cores; "
                        + "the nodes run inside the server process", idle));
    }

    /** Cores the server uses over {@code cpuSeconds} once {@code nodes} simulated nodes are Ready. */
    private double serverCpu(Path work, int nodes) throws Exception {
        step("measuring server CPU with " + nodes + " simulated nodes");
        TimonelServer server = TimonelServer.start(TimonelServer.home(), work, READY_WITHIN, ticker,
                nodes > 0 ? List.of("--simulated-nodes=" + nodes) : List.of());
        try {
            KubeApi api = new KubeApi(server.url(), new HttpPool(server.credentials().sslContext(), 1));
            if (nodes > 0) {
                awaitReadyNodes(api, nodes, Duration.ofSeconds(300));
            }
            Thread.sleep(Duration.ofSeconds(Math.min(30, cpuSeconds)).toMillis()); // start-up work settles
            CpuMeter meter = CpuMeter.tree(server.handle());
            double before = meter.seconds();
            long start = ticker.getAsLong();
            Thread.sleep(Duration.ofSeconds(cpuSeconds).toMillis());
            return (meter.seconds() - before) / ((ticker.getAsLong() - start) / 1e9);
        } finally {
            server.close();
        }
    }

    private void awaitReadyNodes(KubeApi api, int nodes, Duration limit) throws Exception {
        step("waiting for " + nodes + " Ready nodes");
        awaitSeconds(ticker.getAsLong(), () -> readyNodes(api) >= nodes, limit);
    }

    private static int readyNodes(KubeApi api) throws IOException, InterruptedException {
        KubeApi.Reply reply = api.get("/api/v1/nodes");
        if (reply.status() != 200) {
            return 0;
        }
        int ready = 0;
        for (JsonNode node : KubeApi.tree(reply.body()).path("items")) {
            for (JsonNode condition : node.path("status").path("conditions")) {
                if (condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True")) {
                    ready++;
                }
            }
        }
        return ready;
    }

    private static int runningPods(KubeApi api, String selector) throws IOException, InterruptedException {
        KubeApi.Reply reply = api.get("/api/v1/namespaces/" + NAMESPACE + "/pods?labelSelector=" + selector
                + "&fieldSelector=status.phase%3DRunning");
        return reply.status() == 200 ? KubeApi.tree(reply.body()).path("items").size() : 0;
    }

    private static int availableReplicas(KubeApi api) throws IOException, InterruptedException {
        KubeApi.Reply reply = api.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/big");
        return reply.status() == 200 ? KubeApi.tree(reply.body()).path("status").path("availableReplicas").asInt(0) : 0;
    }

    /** A check that may make API calls. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 100 ms; the seconds from {@code startNanos} until it held. */
    private double awaitSeconds(long startNanos, Check check, Duration limit) throws Exception {
        long deadline = ticker.getAsLong() + limit.toNanos();
        while (!check.holds()) {
            if (ticker.getAsLong() - deadline > 0) {
                throw new IOException("timed out after " + limit.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return (ticker.getAsLong() - startNanos) / 1e9;
    }

    private static String boundPod(String name, String node) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bare\"}},"
                + "\"spec\":{\"nodeName\":\"" + node + "\",\"containers\":[{\"name\":\"main\",\"image\":\"busybox:local\"}]}}";
    }

    private static String deployment(int replicas) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"big\"},\"spec\":{\"replicas\":"
                + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"big\"}},\"template\":{\"metadata\":{\"labels\":"
                + "{\"app\":\"big\"}},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:local\"}]}}}}";
    }

    private static void require(KubeApi.Reply reply, String what) throws IOException {
        if (reply.status() / 100 != 2) {
            throw new IOException(what + ": " + reply.describe());
        }
    }

    private void step(String what) {
        progress.println("bench: " + what);
        progress.flush();
    }
}
