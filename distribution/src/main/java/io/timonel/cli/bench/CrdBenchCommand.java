package io.timonel.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What schema validation costs: creates per second of a custom resource whose CRD has a 20-field
 * structural schema, beside creates of a ConfigMap of the same size, measured in alternating rounds
 * against the same server so that background load falls on both alike.
 */
@Command(name = "crd", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Creates/s of a custom resource with a 20-field schema vs a ConfigMap of the same size.",
                "Starts bin/timonel server on loopback with temporary data."})
public final class CrdBenchCommand implements Callable<Integer> {
    private static final int FIELDS = 20;
    /** Goal of the issue: validation costs at most 20% of create throughput. */
    private static final double MAX_COST = 0.20;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
    int clients = 16;

    @Option(names = "--duration-seconds", paramLabel = "S",
            description = "Total time per kind, split over the rounds. Default: ${DEFAULT-VALUE}.")
    int durationSeconds = 12;

    @Option(names = "--rounds", paramLabel = "R", description = "Alternating rounds. Default: ${DEFAULT-VALUE}.")
    int rounds = 3;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("timonel-bench-crd-");
        try (Cleanup cleanup = new Cleanup(System.err).onShutdown()) {
            cleanup.add("remove " + work, () -> Cleanup.deleteTree(work));
            TimonelServer server = TimonelServer.start(TimonelServer.home(), work.resolve("timonel"),
                    Duration.ofSeconds(60), System::nanoTime);
            cleanup.add("stop the timonel server", server::close);
            KubeApi api = new KubeApi(server.url(), new HttpPool(server.credentials().sslContext(), 1));
            require(api.createNamespace("bench-crd"), "create namespace");
            require(api.post(0, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd()), "create CRD");
            awaitServed(api);

            ClosedLoopLoad load = new ClosedLoopLoad(DaemonThreads.named("bench-crd-"), System::nanoTime);
            Budget perRound = Budget.time(Duration.ofMillis(durationSeconds * 1000L / rounds));
            List<LoadResult> configMaps = new ArrayList<>();
            List<LoadResult> gizmos = new ArrayList<>();
            String crPath = "/apis/bench.timonel.io/v1/namespaces/bench-crd/gizmos";
            String cmPath = "/api/v1/namespaces/bench-crd/configmaps";
            load.run(clients, Budget.ops(500), (w, seq) -> created(api.post(w, cmPath, configMap("warm-cm-" + seq))));
            load.run(clients, Budget.ops(500), (w, seq) -> created(api.post(w, crPath, gizmo("warm-gz-" + seq))));
            for (int r = 0; r < rounds; r++) {
                int round = r;
                configMaps.add(load.run(clients, perRound,
                        (w, seq) -> created(api.post(w, cmPath, configMap("cm-" + round + "-" + seq)))));
                gizmos.add(load.run(clients, perRound,
                        (w, seq) -> created(api.post(w, crPath, gizmo("gz-" + round + "-" + seq)))));
            }
            LoadResult cm = LoadResult.combine(configMaps);
            LoadResult cr = LoadResult.combine(gizmos);
            double cost = 1 - cr.opsPerSecond() / cm.opsPerSecond();
            System.out.println("Timonel CRD validation benchmark (bin/timonel bench crd)");
            System.out.printf(Locale.ROOT, "  objects of %d bytes, %d clients, %d alternating rounds, %d CPUs%n",
                    configMap("cm-0-0").length(), clients, rounds, Runtime.getRuntime().availableProcessors());
            line("ConfigMap creates", cm);
            line("custom resource creates (20-field schema)", cr);
            System.out.printf(Locale.ROOT, "  validation cost: %.1f%% of ConfigMap throughput (CR/ConfigMap = %.2f×)"
                    + "  goal ≤ %.0f%%: %s%n", cost * 100, cr.opsPerSecond() / cm.opsPerSecond(), MAX_COST * 100,
                    cost <= MAX_COST ? "PASS" : "MISS");
            if (cm.failed() + cr.failed() > 0) {
                System.out.println("  failures: configmaps " + cm.failed() + ", custom resources " + cr.failed()
                        + " (first: " + (cr.firstFailure() != null ? cr.firstFailure() : cm.firstFailure()) + ")");
            }
            return 0;
        }
    }

    private static void line(String what, LoadResult r) {
        LatencySummary l = r.latency();
        System.out.printf(Locale.ROOT, "  %-42s %8.0f /s   p50 %6.2f ms   p99 %6.2f ms%n", what, r.opsPerSecond(),
                l.p50Ms(), l.p99Ms());
    }

    private static String created(KubeApi.Reply reply) {
        return reply.status() == 201 ? null : reply.describe();
    }

    private static void require(KubeApi.Reply reply, String what) {
        if (reply.status() >= 300) {
            throw new IllegalStateException(what + " failed: " + reply.describe());
        }
    }

    private static void awaitServed(KubeApi api) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (api.get("/apis/bench.timonel.io/v1/namespaces/bench-crd/gizmos").status() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the benchmark CRD was not served within 10 s");
    }

    /** 20 fields of 40 characters: the same payload as a ConfigMap's 20 data entries. */
    private static String value(int field) {
        return String.format(Locale.ROOT, "value-%02d-", field) + "x".repeat(31);
    }

    static String gizmo(String name) {
        StringBuilder spec = new StringBuilder();
        for (int f = 1; f <= FIELDS; f++) {
            spec.append(f == 1 ? "" : ",").append(String.format(Locale.ROOT, "\"f%02d\":\"%s\"", f, value(f)));
        }
        return "{\"apiVersion\":\"bench.timonel.io/v1\",\"kind\":\"Gizmo\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{" + spec + "}}";
    }

    static String configMap(String name) {
        StringBuilder data = new StringBuilder();
        for (int f = 1; f <= FIELDS; f++) {
            data.append(f == 1 ? "" : ",").append(String.format(Locale.ROOT, "\"f%02d\":\"%s\"", f, value(f)));
        }
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{"
                + data + "}}";
    }

    /** A structural schema of 20 string fields with the constraints CRDs commonly use. */
    static String crd() {
        StringBuilder props = new StringBuilder();
        for (int f = 1; f <= FIELDS; f++) {
            props.append(f == 1 ? "" : ",").append(String.format(Locale.ROOT,
                    "\"f%02d\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64,\"pattern\":\"^value-\"}", f));
        }
        return "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{"
                + "\"name\":\"gizmos.bench.timonel.io\"},\"spec\":{\"group\":\"bench.timonel.io\",\"scope\":\"Namespaced\","
                + "\"names\":{\"kind\":\"Gizmo\",\"listKind\":\"GizmoList\",\"plural\":\"gizmos\",\"singular\":\"gizmo\"},"
                + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{"
                + "\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"required\":[\"f01\"],"
                + "\"properties\":{" + props + "}}}}}}]}}";
    }

}
