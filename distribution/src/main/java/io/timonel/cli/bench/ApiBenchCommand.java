package io.timonel.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code timonel bench api}: load on the Kubernetes API of a Timonel over HTTPS with 1 KiB
 * ConfigMaps, the same write workload on a local etcd, and a report of the figures against the
 * goals of issue 2. By default it starts its own {@code bin/timonel server} (fresh data folder,
 * free loopback port) and its own etcd, and removes both afterwards, also on Ctrl-C.
 */
@Command(name = "api", sortOptions = false,
        description = {"Benchmark the Kubernetes API of Timonel (1 KiB ConfigMaps over HTTPS) and compare its "
                + "writes with a local etcd.",
                "Starts bin/timonel server and etcd on loopback with temporary data, unless --server is given."})
public final class ApiBenchCommand implements Callable<Integer> {

    private static final Goal CREATE_VS_ETCD = Goal.atLeast(1.0, "×");
    private static final Goal HALF_LOAD_P99 = Goal.atMost(10, "ms");
    private static final Goal ONE_WATCHER = Goal.atLeast(50_000, "events/s");
    private static final Goal LARGE_LIST = Goal.atMost(1_000, "ms");
    private static final Goal START_TO_READY = Goal.atMost(2_000, "ms");
    private static final Goal IDLE_RSS = Goal.atMost(200, "MB");
    private static final String HALF_LOAD_LABEL = "p99 single-object write (create)";
    private static final String ONE_WATCHER_LABEL = "one watcher's event rate";

    /** Each of the warm-up's create, update and get phases: long enough for the server's JIT to settle. */
    private static final Duration WARM_UP = Duration.ofSeconds(4);
    /** Each of etcd's warm-up put and update phases. */
    private static final Duration ETCD_WARM_UP = Duration.ofSeconds(2);
    /** How long a spawned server may take to answer /readyz before the benchmark gives up. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /** How long the spawned server idles after /readyz before its memory is read. */
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients (requests in flight). Default: ${DEFAULT-VALUE}.")
    int clients = 32;

    @Option(names = "--duration-seconds", paramLabel = "S",
            description = "Length of each throughput phase. Default: ${DEFAULT-VALUE}.")
    int durationSeconds = 10;

    @Option(names = "--ops", paramLabel = "N",
            description = "Operations per throughput phase instead of a duration (0: use --duration-seconds).")
    long ops;

    @Option(names = "--rounds", paramLabel = "R",
            description = "Write phases alternate between etcd and Timonel R times (each round gets 1/R of the "
                    + "phase's budget), so background load on this machine falls on both alike. Default: ${DEFAULT-VALUE}.")
    int rounds = 2;

    @Option(names = "--list-size", paramLabel = "N",
            description = "Objects in the namespace the list phase lists. Default: ${DEFAULT-VALUE}.")
    int listSize = 100;

    @Option(names = "--watchers", paramLabel = "N", description = "Concurrent watches for the delivery test. Default: ${DEFAULT-VALUE}.")
    int watchers = 1_000;

    @Option(names = "--watch-events", paramLabel = "M",
            description = "Writes every watcher must see in the delivery test. Default: ${DEFAULT-VALUE}.")
    int watchEvents = 200;

    @Option(names = "--burst-events", paramLabel = "K",
            description = "Events one watcher receives in a burst. Default: ${DEFAULT-VALUE}.")
    int burstEvents = 50_000;

    @Option(names = "--objects", paramLabel = "N",
            description = "Objects stored, then listed in one request, by the large-list test. Default: ${DEFAULT-VALUE}.")
    int objects = 100_000;

    @Option(names = "--skip-large-list", description = "Skip the large-list test (it stores --objects objects first).")
    boolean skipLargeList;

    @Option(names = "--skip-etcd", description = "Skip the comparison with etcd.")
    boolean skipEtcd;

    @Option(names = "--server", paramLabel = "URL",
            description = "Use this running server (on this machine) instead of starting one; needs --kubeconfig.")
    URI server;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Admin kubeconfig of the running server (its server URL is used unless --server is given).")
    Path kubeconfig;

    @Option(names = "--http-clients", paramLabel = "N",
            description = "JDK HTTP clients the load is spread over (each has its own selector thread and "
                    + "connections). On 2 CPUs one measured as fast as 4, 8 or 32. Default: ${DEFAULT-VALUE}.")
    int httpClients = 1;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where temporary data folders go (both servers' data share its file system). Default: the "
                    + "system temp folder.")
    Path workDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final LongSupplier ticker = System::nanoTime;
    private PrintWriter progress;

    @Override
    public Integer call() throws Exception {
        validate();
        progress = spec.commandLine().getErr();
        Budget budget = ops > 0 ? Budget.ops(ops) : Budget.time(Duration.ofSeconds(durationSeconds));
        ClosedLoopLoad load = new ClosedLoopLoad(daemonThreads("bench-worker-"), ticker);
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

        BenchReport report = new BenchReport("Timonel API benchmark (bin/timonel bench api)");
        report.context(String.format(Locale.ROOT, "1 KiB ConfigMaps, %d concurrent clients over %d HTTP/1.1 client(s), "
                + "%s per throughput phase; machine: %d CPUs", clients, httpClients, budget.describe(),
                Runtime.getRuntime().availableProcessors()));

        Path parent = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "timonel-bench-");
        try (Cleanup cleanup = new Cleanup(System.err).onShutdown()) {
            cleanup.add("remove " + work, () -> Cleanup.deleteTree(work));
            URI url;
            KubeconfigCredentials credentials;
            TimonelServer timonel = null;
            boolean spawned = server == null && kubeconfig == null;
            if (spawned) {
                Path home = TimonelServer.home();
                // a first start warms the file cache and this JVM's TLS and YAML code, which would
                // otherwise be counted as the server's start-up time
                step("starting bin/timonel server once to warm caches");
                long firstStart;
                try (TimonelServer first = TimonelServer.start(home, work.resolve("timonel-first"), READY_WITHIN, ticker)) {
                    cleanup.add("stop the first timonel server", first::close);
                    firstStart = first.startToReadyNanos();
                }
                step("starting bin/timonel server with a fresh data folder");
                timonel = TimonelServer.start(home, work.resolve("timonel"), READY_WITHIN, ticker);
                cleanup.add("stop the timonel server", timonel::close);
                url = timonel.url();
                credentials = timonel.credentials();
                report.context("server: bin/timonel server started by the benchmark (pid " + timonel.pid() + ", "
                        + url + ", data in " + work.resolve("timonel") + ")");
                startup(report, timonel, firstStart);
            } else {
                credentials = KubeconfigCredentials.load(kubeconfig);
                url = server != null ? server : credentials.server();
                requireLoopback(url);
                report.context("server: " + url + " (already running; start-up figures not measured)");
                report.section("Start-up");
                report.notMeasured("process start to /readyz ok", "ms", START_TO_READY, "--server given");
                report.notMeasured("idle RSS after start", "MB", IDLE_RSS, "--server given");
            }

            HttpPool pool = new HttpPool(credentials.sslContext(), httpClients);
            KubeApi api = new KubeApi(url, pool);
            Namespaces namespaces = new Namespaces(api, "bench-" + run, cleanup, !spawned);
            Phases phases = new Phases(report, timonel);

            phases.run("warm-up", () -> {
                warmUp(api, namespaces.create("warm"), load);
                return null;
            });
            CpuMeter serverCpu = timonel == null ? null : CpuMeter.tree(timonel.handle());
            CpuSplit cpu = new CpuSplit(serverCpu == null ? null : serverCpu::seconds,
                    CpuMeter.process(ProcessHandle.current())::seconds, ticker);
            WritesCompared compared = phases.run("writes", () -> writes(report, api, namespaces, load, budget,
                    work.resolve("etcd"), cleanup, cpu));
            WriteWorkload.Results writes = compared == null ? null : compared.timonel();
            WriteWorkload.Results etcd = compared == null ? null : compared.etcd();
            phases.run("reads", () -> {
                reads(report, api, namespaces, load, budget, cpu);
                return null;
            });
            phases.run("half-load latency", () -> {
                halfLoad(report, api, namespaces, budget, writes);
                return null;
            }, new GoalFigure(HALF_LOAD_LABEL, "ms", HALF_LOAD_P99));
            KubeconfigCredentials watchCredentials = credentials;
            phases.run("watch", () -> {
                watches(report, api, namespaces, watchCredentials, load, cpu);
                return null;
            }, new GoalFigure(ONE_WATCHER_LABEL, "events/s", ONE_WATCHER));
            GoalFigure largeListGoal = new GoalFigure(largeListLabel(), "ms", objects == 100_000 ? LARGE_LIST : null);
            if (skipLargeList) {
                report.section("Large list");
                report.notMeasured(largeListLabel(), "ms", LARGE_LIST, "--skip-large-list");
            } else if (timonel != null) {
                // the earlier phases left some 200,000 objects behind: list on a fresh server that stores
                // just the objects listed, as the goal means
                TimonelServer used = timonel;
                phases.run("large list", () -> {
                    phases.watching(null);
                    used.close();
                    step("starting a fresh bin/timonel server for the large list");
                    TimonelServer fresh = TimonelServer.start(TimonelServer.home(), work.resolve("timonel-list"),
                            READY_WITHIN, ticker);
                    cleanup.add("stop the timonel server of the large list", fresh::close);
                    phases.watching(fresh);
                    KubeApi freshApi = new KubeApi(fresh.url(), new HttpPool(fresh.credentials().sslContext(), httpClients));
                    largeList(report, freshApi, new Namespaces(freshApi, "bench-" + run, cleanup, false), load,
                            "fresh server (pid " + fresh.pid() + ")");
                    return null;
                }, largeListGoal);
            } else {
                phases.run("large list", () -> {
                    largeList(report, api, namespaces, load, "alongside the objects of the earlier phases");
                    return null;
                }, largeListGoal);
            }
            comparison(report, writes, etcd);
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void validate() {
        if (clients <= 0 || httpClients <= 0 || rounds <= 0 || durationSeconds <= 0 || ops < 0 || listSize <= 0 || watchers <= 0
                || watchEvents <= 0 || burstEvents <= 0 || objects <= 0) {
            throw new ParameterException(spec.commandLine(), "counts and durations must be positive");
        }
        if (server != null && kubeconfig == null) {
            throw new ParameterException(spec.commandLine(), "--server needs --kubeconfig (the admin credentials)");
        }
    }

    private static void requireLoopback(URI url) throws IOException {
        String host = url.getHost();
        if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IOException("the benchmark only loads servers on this machine (loopback), not " + url);
        }
    }

    private void startup(BenchReport report, TimonelServer timonel, long firstStartNanos) throws InterruptedException {
        report.section("Start-up (bin/timonel server, fresh data folder)");
        report.figure("process start to /readyz ok", timonel.startToReadyNanos() / 1e6, "ms", START_TO_READY,
                "first start (cold file cache and client): " + Figures.number(firstStartNanos / 1e6) + " ms");
        Thread.sleep(IDLE_SETTLE.toMillis());
        OptionalLong kib = timonel.residentKib();
        if (kib.isPresent()) {
            report.figure("idle RSS after start", kib.getAsLong() / 1024.0, "MB", IDLE_RSS,
                    "VmRSS " + IDLE_SETTLE.toSeconds() + " s after ready");
        } else {
            report.notMeasured("idle RSS after start", "MB", IDLE_RSS, "/proc/" + timonel.pid() + "/status unreadable");
        }
    }

    /** Warms the JIT of both sides so that the first measured phase is not the slowest. */
    private void warmUp(KubeApi api, String namespace, ClosedLoopLoad load) throws InterruptedException {
        step("warming up (" + WARM_UP.multipliedBy(3).toSeconds() + " s of creates, updates and reads)");
        WriteWorkload.Results results = new WriteWorkload(load).run(new TimonelWrites(api, namespace), clients,
                Budget.time(WARM_UP));
        load.run(clients, Budget.time(WARM_UP), get(api, namespace, results.owned()));
    }

    /** The write workload's results on both stores; etcd's is null when not measured. */
    private record WritesCompared(WriteWorkload.Results timonel, WriteWorkload.Results etcd) {
    }

    /**
     * Creates then updates on Timonel and, in alternating rounds, on etcd: background load on
     * this machine then falls on both alike. Each side's rounds are added up into one figure.
     */
    private WritesCompared writes(BenchReport report, KubeApi api, Namespaces namespaces, ClosedLoopLoad load,
                                  Budget budget, Path etcdDir, Cleanup cleanup, CpuSplit timonelCpu) throws Exception {
        EtcdServer etcd = null;
        if (!skipEtcd) {
            if (EtcdServer.executable().isEmpty()) {
                progress.println("bench: " + EtcdServer.INSTALL_HINT);
                report.section("etcd").note("not measured: " + EtcdServer.INSTALL_HINT);
            } else {
                step("starting etcd");
                try {
                    etcd = EtcdServer.start(etcdDir, Duration.ofSeconds(30));
                    cleanup.add("stop etcd", etcd::close);
                } catch (IOException e) {
                    report.section("etcd").note("etcd not measured: " + e.getMessage());
                }
            }
        }
        try {
            String namespace = namespaces.create("w");
            WriteTarget timonelTarget = new TimonelWrites(api, namespace);
            WriteWorkload workload = new WriteWorkload(load);
            Budget round = budget.share(rounds);
            List<WriteWorkload.Results> timonelRounds = new ArrayList<>();
            List<WriteWorkload.Results> etcdRounds = new ArrayList<>();
            List<String> timonelBusy = new ArrayList<>();
            List<String> etcdBusy = new ArrayList<>();
            WriteTarget etcdTarget = etcd == null ? null
                    : new EtcdWrites(new EtcdGateway(etcd.url(), new HttpPool(null, httpClients)));
            CpuSplit etcdSplit = etcd == null ? null
                    : new CpuSplit(CpuMeter.tree(etcd.handle())::seconds,
                            CpuMeter.process(ProcessHandle.current())::seconds, ticker);
            if (etcdTarget != null) {
                // etcd's first writes pay for its WAL files and this client's plain-HTTP path: warm both too
                step("warming up etcd (" + ETCD_WARM_UP.toSeconds() + " s of puts and updates)");
                workload.run(etcdTarget, "warm-", clients, Budget.time(ETCD_WARM_UP));
            }
            for (int r = 0; r < rounds; r++) {
                String prefix = "r" + r + "-";
                if (etcdTarget != null) {
                    step("etcd: puts, then compare-and-swap updates (round " + (r + 1) + " of " + rounds + ")");
                    CpuSplit.Mark mark = etcdSplit.mark();
                    etcdRounds.add(workload.run(etcdTarget, prefix, clients, round));
                    etcdBusy.add(etcdSplit.since(mark));
                }
                step("timonel: creates, then updates with resourceVersion (round " + (r + 1) + " of " + rounds + ")");
                CpuSplit.Mark mark = timonelCpu.mark();
                timonelRounds.add(workload.run(timonelTarget, prefix, clients, round));
                timonelBusy.add(timonelCpu.since(mark));
            }
            String how = rounds + " round(s) of " + round.describe() + " per phase";
            WriteWorkload.Results etcdResults = etcdRounds.isEmpty() ? null : WriteWorkload.Results.combine(etcdRounds);
            if (etcd != null) {
                report.section("etcd (local, loopback, same HTTP client, v3 JSON gateway, no TLS; " + how + ")");
                report.note("etcd " + etcd.version() + "; creates are bare puts, updates are transactions comparing "
                        + "the mod revision (as an update with resourceVersion is); " + String.join("; ", etcdBusy));
                throughputLine(report, "etcd put (create)", etcdResults.create(), "");
                throughputLine(report, "etcd compare-and-swap put (update)", etcdResults.update(), "");
            }
            WriteWorkload.Results timonelResults = WriteWorkload.Results.combine(timonelRounds);
            report.section("Timonel throughput and latency (closed loop, " + clients + " clients; writes: " + how
                    + (etcd == null ? "" : ", alternating with etcd") + ")");
            report.note("writes: " + String.join("; ", timonelBusy));
            throughputLine(report, "create", timonelResults.create(), "");
            throughputLine(report, "update (PUT with resourceVersion)", timonelResults.update(), "");
            return new WritesCompared(timonelResults, etcdResults);
        } finally {
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    private void reads(BenchReport report, KubeApi api, Namespaces namespaces, ClosedLoopLoad load, Budget budget,
                       CpuSplit cpu) throws Exception {
        String namespace = namespaces.create("g");
        step("timonel: storing objects to read");
        WriteWorkload.Results stored = new WriteWorkload(load).run(new TimonelWrites(api, namespace), "g-", clients,
                Budget.ops(Math.max(clients, 1000)));
        step("timonel: gets");
        CpuSplit.Mark mark = cpu.mark();
        LoadResult gets = load.run(clients, budget, get(api, namespace, stored.owned()));
        throughputLine(report, "get", gets, cpu.since(mark));

        String lists = namespaces.create("l");
        step("timonel: lists of " + listSize + " objects");
        LoadResult filled = load.run(clients, Budget.ops(listSize), (worker, seq) -> {
            KubeApi.Reply reply = api.createConfigMap(worker, lists, "l-" + seq);
            return reply.status() == 201 ? null : reply.describe();
        });
        if (filled.succeeded() < listSize) {
            report.notMeasured("list (" + listSize + " objects each)", "ops/s", null,
                    "could not store the objects: " + filled.firstFailure());
            return;
        }
        mark = cpu.mark();
        LoadResult listed = load.run(clients, budget, (worker, seq) -> {
            KubeApi.Reply reply = api.listConfigMaps(worker, lists);
            return reply.status() == 200 ? null : reply.describe();
        });
        throughputLine(report, "list (" + listSize + " objects each)", listed, cpu.since(mark));
    }

    private static Operation get(KubeApi api, String namespace, List<WriteWorkload.Owned> owned) {
        return (worker, seq) -> {
            WriteWorkload.Owned mine = owned.get(worker % owned.size());
            if (mine.size() == 0) {
                return "nothing to get";
            }
            String name = mine.names.get(ThreadLocalRandom.current().nextInt(mine.size()));
            KubeApi.Reply reply = api.getConfigMap(worker, namespace, name);
            return reply.status() == 200 ? null : reply.describe();
        };
    }

    private void halfLoad(BenchReport report, KubeApi api, Namespaces namespaces, Budget budget,
                          WriteWorkload.Results timonel) throws Exception {
        report.section("Single-object write latency at half of peak load (open loop)");
        double peak = timonel == null ? 0 : timonel.create().opsPerSecond();
        if (peak <= 0) {
            report.notMeasured(HALF_LOAD_LABEL, "ms", HALF_LOAD_P99, "no peak create throughput");
            return;
        }
        double rate = peak / 2;
        String namespace = namespaces.create("p");
        step(String.format(Locale.ROOT, "timonel: creates paced at %.0f/s", rate));
        PacedLoad paced = new PacedLoad(daemonThreads("bench-paced-"), ticker);
        LoadResult result = paced.run(clients, rate, budget, (worker, seq) -> {
            KubeApi.Reply reply = api.createConfigMap(worker, namespace, "p-" + seq);
            return reply.status() == 201 ? null : reply.describe();
        });
        LatencySummary latency = result.latency();
        report.figure("paced rate (50% of peak create throughput)", rate, "ops/s",
                String.format(Locale.ROOT, "achieved %s ops/s%s", Figures.number(result.opsPerSecond()), failures(result)));
        report.figure("p50 single-object write (create)", latency.p50Ms(), "ms", "");
        report.figure(HALF_LOAD_LABEL, latency.p99Ms(), "ms", HALF_LOAD_P99,
                "latency from each request's scheduled send; max " + Figures.number(latency.maxMs()) + " ms");
    }

    private void watches(BenchReport report, KubeApi api, Namespaces namespaces, KubeconfigCredentials credentials,
                         ClosedLoopLoad load, CpuSplit cpu) throws Exception {
        report.section("Watch");
        String fanoutNamespace = namespaces.create("f");
        step("timonel: " + watchers + " watchers, then " + watchEvents + " writes");
        HttpPool watchPool = new HttpPool(credentials.sslContext(), Math.max(1, httpClients));
        CpuSplit.Mark fanoutMark = cpu.mark();
        WatchFanout.Result fanout = new WatchFanout(api, watchPool, load, ticker)
                .run(fanoutNamespace, watchers, watchEvents, clients, Duration.ofSeconds(120));
        String fanoutCpu = cpu.since(fanoutMark);
        LatencySummary lag = LatencySummary.of(fanout.lag());
        String detail = String.format(Locale.ROOT, "%d writes × %d watchers; %d watches started before the writes, "
                        + "%d saw every event%s", fanout.writes(), fanout.watchers(), fanout.established(),
                fanout.completed(), fanout.failure() == null ? "" : "; " + fanout.failure());
        report.figure("delivery to " + watchers + " watchers", fanout.eventsPerSecond(), "events/s", detail);
        report.figure("time until every watcher saw every event", fanout.elapsedNanos() / 1e6, "ms",
                "from the first write sent; " + fanoutCpu + " (from opening the watches)");
        report.figure("per-watcher lag p50", lag.p50Ms(), "ms", "from write sent to event received");
        report.figure("per-watcher lag p99", lag.p99Ms(), "ms", "max " + Figures.number(lag.maxMs()) + " ms");

        String burstNamespace = namespaces.create("b");
        step("timonel: " + burstEvents + " writes, then one watcher receives them");
        WatchBurst.Result burst = new WatchBurst(api, new HttpPool(credentials.sslContext(), 1), load, ticker, cpu)
                .run(burstNamespace, burstEvents, clients, Duration.ofSeconds(120));
        report.figure(ONE_WATCHER_LABEL, burst.received() == 0 ? Double.NaN : burst.eventsPerSecond(),
                "events/s", ONE_WATCHER, String.format(Locale.ROOT, "%d of %d events in %s ms, %s; %s%s",
                        burst.received(), burst.events(), Figures.number(burst.elapsedNanos() / 1e6), burst.mode(),
                        burst.cpu(), burst.failure() == null ? "" : "; " + burst.failure()));
    }

    private void largeList(BenchReport report, KubeApi api, Namespaces namespaces, ClosedLoopLoad load, String where)
            throws Exception {
        report.section("Large list (" + where + ")");
        String label = largeListLabel();
        String namespace = namespaces.create("big");
        step("timonel: storing " + objects + " objects with " + clients + " clients");
        LoadResult stored = load.run(clients, Budget.ops(objects), (worker, seq) -> {
            KubeApi.Reply reply = api.createConfigMap(worker, namespace, "o-" + seq);
            return reply.status() == 201 ? null : reply.describe();
        });
        throughputLine(report, "create (filling the namespace)", stored, "");
        if (stored.succeeded() < objects) {
            report.notMeasured(label, "ms", LARGE_LIST, "only " + stored.succeeded() + " objects stored");
            return;
        }
        step("timonel: listing " + objects + " objects (3 times)");
        List<Double> millis = new ArrayList<>();
        ListCounter.Count count = null;
        for (int i = 0; i < 3; i++) {
            long start = ticker.getAsLong();
            count = api.countConfigMaps(namespace);
            millis.add((ticker.getAsLong() - start) / 1e6);
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        String detail = String.format(Locale.ROOT, "median of 3 (%s ms); %d items, %s MB received and parsed",
                String.join(", ", millis.stream().map(Figures::number).toList()), count.items(),
                Figures.number(count.bytes() / 1e6));
        if (count.items() != objects) {
            detail += "; EXPECTED " + objects + " ITEMS";
        }
        report.figure(label, sorted.get(1), "ms", objects == 100_000 ? LARGE_LIST : null, detail);
    }

    private String largeListLabel() {
        return "list of " + Figures.number(objects) + " stored objects";
    }

    private static void comparison(BenchReport report, WriteWorkload.Results timonel, WriteWorkload.Results etcd) {
        List<BenchReport.Row> rows = List.of(
                new BenchReport.Row("create throughput", "ops/s", throughput(timonel, true), throughput(etcd, true)),
                new BenchReport.Row("create p99", "ms", p99(timonel, true), p99(etcd, true)),
                new BenchReport.Row("update throughput", "ops/s", throughput(timonel, false), throughput(etcd, false)),
                new BenchReport.Row("update p99", "ms", p99(timonel, false), p99(etcd, false)));
        report.comparison("Timonel vs etcd (same write workload and client; Timonel over HTTPS, etcd over HTTP)", rows);
        report.section("Goal");
        if (etcd == null || timonel == null) {
            report.notMeasured("API create throughput / bare etcd puts", "×", CREATE_VS_ETCD,
                    etcd == null ? "etcd not measured" : "Timonel writes not measured");
        } else {
            report.figure("API create throughput / bare etcd puts", rows.get(0).ratio(), "×", CREATE_VS_ETCD, "");
        }
    }

    private static double throughput(WriteWorkload.Results results, boolean create) {
        return results == null ? Double.NaN : (create ? results.create() : results.update()).opsPerSecond();
    }

    private static double p99(WriteWorkload.Results results, boolean create) {
        return results == null ? Double.NaN : (create ? results.create() : results.update()).latency().p99Ms();
    }

    private void throughputLine(BenchReport report, String label, LoadResult result, String more) {
        LatencySummary latency = result.latency();
        report.figure(label, result.opsPerSecond(), "ops/s", String.format(Locale.ROOT, "p50 %s ms, p99 %s ms%s%s",
                Figures.number(latency.p50Ms()), Figures.number(latency.p99Ms()), failures(result),
                more.isEmpty() ? "" : "; " + more));
    }

    private static String failures(LoadResult result) {
        return result.failed() == 0 ? "" : "; " + result.failed() + " failed, first: " + result.firstFailure();
    }

    private void step(String what) {
        progress.println("bench: " + what);
        progress.flush();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A figure with a goal that a phase reports; shown as not measured when the phase does not finish. */
    private record GoalFigure(String label, String unit, Goal goal) {
    }

    /** A phase of the run; may fail without ending the run. */
    @FunctionalInterface
    private interface Phase<T> {
        T run() throws Exception;
    }

    /**
     * Runs phases so that one failing (a server that stops answering, say) still leaves the
     * figures of the others in the report, with the reason; once a spawned server has exited,
     * the phases after it are skipped.
     */
    private final class Phases {
        private final BenchReport report;
        private TimonelServer spawned;
        private String serverGone;

        Phases(BenchReport report, TimonelServer spawned) {
            this.report = report;
            this.spawned = spawned;
        }

        /**
         * The phase's result, or null when it failed or was skipped; then {@code owned} figures it
         * had not reported yet are reported as not measured.
         */
        <T> T run(String name, Phase<T> phase, GoalFigure... owned) throws InterruptedException {
            if (serverGone != null) {
                report.note(name + ": not run, " + serverGone);
                notMeasured(owned, name + " not run: " + serverGone);
                return null;
            }
            try {
                T result = phase.run();
                checkServer(Duration.ZERO);
                return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
                report.note(name + " stopped: " + why);
                progress.println("bench: " + name + " stopped: " + why);
                notMeasured(owned, name + " stopped");
                checkServer(Duration.ofSeconds(3));
                return null;
            }
        }

        private void notMeasured(GoalFigure[] owned, String why) {
            for (GoalFigure figure : owned) {
                if (!report.hasFigure(figure.label())) {
                    report.notMeasured(figure.label(), figure.unit(), figure.goal(), why);
                }
            }
        }

        /** From now on, watches {@code server} (a replacement of the first one) instead. */
        void watching(TimonelServer server) {
            spawned = server;
        }

        private void checkServer(Duration grace) throws InterruptedException {
            if (spawned != null && serverGone == null && spawned.exitsWithin(grace)) {
                serverGone = "the server exited";
                report.note("the server exited (code " + spawned.exitCode() + "); the end of its output:");
                spawned.logTail().lines().forEach(line -> report.note("  | " + line));
            }
        }
    }

    /** The namespaces of one run; removed afterwards when the server outlives the benchmark. */
    private static final class Namespaces {
        private final KubeApi api;
        private final String prefix;
        private final Cleanup cleanup;
        private final boolean deleteAfterwards;

        Namespaces(KubeApi api, String prefix, Cleanup cleanup, boolean deleteAfterwards) {
            this.api = api;
            this.prefix = prefix;
            this.cleanup = cleanup;
            this.deleteAfterwards = deleteAfterwards;
        }

        String create(String suffix) throws IOException, InterruptedException {
            String name = prefix + "-" + suffix;
            KubeApi.Reply reply = api.createNamespace(name);
            if (reply.status() != 201 && reply.status() != 409) {
                throw new IOException("cannot create namespace " + name + ": " + reply.describe());
            }
            if (deleteAfterwards) {
                cleanup.add("delete namespace " + name, () -> api.deleteNamespace(name));
            }
            return name;
        }
    }
}
