package io.timonel.plugins.clusterdns.bench;

import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.Zone;
import io.timonel.plugins.clusterdns.server.DnsServer;
import io.timonel.plugins.clusterdns.server.QueryHandler;
import io.timonel.plugins.clusterdns.watch.Fixtures;
import io.timonel.plugins.clusterdns.watch.ServiceCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code DnsBench [services] [seconds] [rate]}: the cluster DNS server on loopback with that many
 * Services, loaded by a Java generator (closed loop: throughput; open loop at {@code rate}
 * queries/s: latency) and, when it is installed, by {@code dnsperf}; each figure printed beside
 * the same load against a trivial UDP echo responder in the same JVM.
 */
public final class DnsBench {
    private DnsBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());

        RecordIndex index = new RecordIndex(new Zone("cluster.local", 5, InetAddress.getByName("10.96.0.10"), 1));
        ServiceCatalog catalog = new ServiceCatalog(index);
        List<String> names = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < services; i++) {
            String ns = "ns-" + (i % 100);
            String svc = "svc-" + i;
            catalog.serviceChanged(Fixtures.clusterIp(ns, svc, "10." + (96 + (i >> 16)) + "." + ((i >> 8) & 255) + "." + (i & 255),
                    Fixtures.port("http", "TCP", 80)));
            names.add(svc + "." + ns + ".svc.cluster.local.");
        }
        System.out.printf("index: %,d Services in %.0f ms%n", services, (System.nanoTime() - t0) / 1e6);

        Random random = new Random(42);
        List<byte[]> queries = new ArrayList<>();
        StringBuilder perfData = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            String name = names.get(random.nextInt(names.size()));
            queries.add(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire());
            perfData.append(name).append(" A\n");
        }

        QueryHandler handler = new QueryHandler(index,
                q -> CompletableFuture.failedFuture(new java.io.IOException("no upstream in the benchmark")));
        try (DnsServer server = DnsServer.start(InetAddress.getLoopbackAddress(), 0, threads, handler);
             EchoResponder echo = new EchoResponder(threads)) {
            InetSocketAddress dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            System.out.printf("server: %s, %d UDP threads; baseline: UDP echo responder, %d threads; %d cores%n",
                    dns, threads, threads, Runtime.getRuntime().availableProcessors());
            LoadGenerator toDns = new LoadGenerator(dns, queries);
            LoadGenerator toEcho = new LoadGenerator(echo.address(), queries);
            toDns.closedLoop(2, 16, Math.min(3, seconds));
            toEcho.closedLoop(2, 16, Math.min(3, seconds));

            // alternate the two targets, round by round, so that a noisy neighbour hurts both alike
            System.out.printf("%nclosed loop, 2 sockets x 16 in flight, %.0f s per round:%n", seconds);
            for (int round = 1; round <= 2; round++) {
                LoadGenerator.Result d = toDns.closedLoop(2, 16, seconds);
                LoadGenerator.Result e = toEcho.closedLoop(2, 16, seconds);
                System.out.println("  cluster-dns  " + d.describe());
                System.out.println("  echo         " + e.describe());
                System.out.printf("  ratio        %.2f of the baseline's throughput%n", d.qps() / e.qps());
            }
            System.out.printf("%nopen loop at %,d q/s, %.0f s per round (latency from the scheduled send time):%n",
                    rate, seconds);
            for (int round = 1; round <= 2; round++) {
                System.out.println("  cluster-dns  " + toDns.openLoop(rate, seconds).describe());
                System.out.println("  echo         " + toEcho.openLoop(rate, seconds).describe());
            }

            Path data = Files.createTempFile("dnsperf", ".txt");
            try {
                Files.writeString(data, perfData);
                String dnsperf = dnsperf(dns, data, seconds);
                if (dnsperf != null) {
                    System.out.printf("%ndnsperf -c 2 -q 32, %.0f s:%n", seconds);
                    System.out.println("  cluster-dns  " + dnsperf);
                    System.out.println("  echo         " + dnsperf(echo.address(), data, seconds));
                }
            } finally {
                Files.deleteIfExists(data);
            }
        }
        System.out.printf("%ngoal: >= 50,000 q/s with p99 <= 2 ms%n");
    }

    /** Runs dnsperf and returns its queries/s and latency line; null when dnsperf is not installed. */
    private static String dnsperf(InetSocketAddress target, Path data, double seconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("dnsperf", "-s", target.getAddress().getHostAddress(), "-p",
                    Integer.toString(target.getPort()), "-d", data.toString(), "-l", Long.toString((long) seconds),
                    "-c", "2", "-q", "32").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return null;
        }
        String qps = "?";
        String latency = "?";
        String lost = "?";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String l = line.trim();
                if (l.startsWith("Queries per second:")) {
                    qps = l.substring(l.indexOf(':') + 1).trim();
                } else if (l.startsWith("Average Latency (s):")) {
                    latency = l.substring(l.indexOf(':') + 1).trim();
                } else if (l.startsWith("Queries lost:")) {
                    lost = l.substring(l.indexOf(':') + 1).trim();
                }
            }
        }
        p.waitFor();
        return String.format("%s q/s  average latency (s) %s  lost %s", qps, latency, lost);
    }
}
