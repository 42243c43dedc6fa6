package io.timonel.plugins.netiptables.proxy.bench;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.proxy.Endpoint;
import io.timonel.plugins.netiptables.proxy.ProxyRules;
import io.timonel.plugins.netiptables.proxy.ProxySync;
import io.timonel.plugins.netiptables.proxy.RestorePlan;
import io.timonel.plugins.netiptables.proxy.RuleSet;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the Service proxy takes to program a large cluster, in a throwaway network namespace
 * (the host's tables are not touched): a full sync of S Services × E endpoints beside
 * {@code iptables-restore} of the same rules text prepared beforehand (the floor the kernel and
 * the tool set), and an incremental sync after one endpoint change beside {@code iptables-restore}
 * of an equally sized text. Needs root and {@code ip}, {@code iptables-restore}.
 *
 * <p>{@code --mode nftables} measures the nftables data plane instead ({@link NftSyncBenchmark}),
 * {@code --mode both} (the default) both, nftables first.
 *
 * <p>{@code java … ProxySyncBenchmark [--mode iptables|nftables|both] [--services N] [--endpoints N]
 * [--changes N]}; {@code timonel bench proxy} runs it.
 */
public final class ProxySyncBenchmark {
    static final double FULL_GOAL_MS = 2000;
    static final double INCREMENTAL_GOAL_MS = 50;

    private ProxySyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs it with these arguments, the report on {@code out}, progress on {@code progress}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream progress) throws Exception {
        int services = intArg(args, "--services", 10_000);
        int endpoints = intArg(args, "--endpoints", 10);
        int changes = intArg(args, "--changes", 20);
        String mode = stringArg(args, "--mode", "both");
        if (!List.of("iptables", "nftables", "both").contains(mode)) {
            throw new IllegalArgumentException("--mode: iptables, nftables or both, not " + mode);
        }
        NftSyncBenchmark.Figures nft = null;
        if (!mode.equals("iptables")) {
            nft = NftSyncBenchmark.run(cluster(services, endpoints), changes, progress);
        }
        if (mode.equals("nftables")) {
            header(out, services, endpoints);
            NftSyncBenchmark.print(nft, services, endpoints, out);
            return 0;
        }
        String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String syncNs = "tnb-s" + suffix;
        String baseNs = "tnb-b" + suffix;
        List<ServicePort> ports = cluster(services, endpoints);
        ProxyRules rules = new ProxyRules("10.42.0.0/16", List.of());
        try {
            netns("add", syncNs);
            netns("add", baseNs);
            IptablesRestore sync = IptablesRestore.inNetns(syncNs);
            IptablesRestore base = IptablesRestore.inNetns(baseNs);
            // generation alone, warmed up, then the text the baseline restores
            long g0 = System.nanoTime();
            RuleSet set = rules.generate(ports);
            String fullText = RestorePlan.full(set, io.timonel.plugins.netiptables.iptables.SavedTable.parse(""),
                    io.timonel.plugins.netiptables.iptables.SavedTable.parse("")).text();
            double generateMs = (System.nanoTime() - g0) / 1e6;
            progress.printf(Locale.ROOT, "%,d services × %d endpoints: %,d rules, %,d bytes of rules text%n",
                    services, endpoints, set.ruleCount(), fullText.length());

            progress.println("baseline: iptables-restore of the prepared text into an empty namespace");
            long b0 = System.nanoTime();
            IptablesRestore.Result baseline = base.apply(fullText);
            double baselineMs = (System.nanoTime() - b0) / 1e6;
            check(baseline, "baseline restore");

            progress.println("full sync through the proxy's sync engine");
            ProxySync engine = new ProxySync(sync, rules, System::nanoTime);
            long f0 = System.nanoTime();
            ProxySync.Outcome full = engine.sync(ports, true);
            double fullMs = (System.nanoTime() - f0) / 1e6;
            if (!full.ok()) {
                throw new IOException(full.error());
            }

            progress.println(changes + " incremental syncs, one endpoint changed each");
            double[] incremental = new double[changes];
            double[] restoreOnly = new double[changes];
            List<ServicePort> current = new ArrayList<>(ports);
            for (int i = 0; i < changes; i++) {
                int target = (i * 7919) % services;
                ServicePort changed = moveOneEndpoint(current.get(target), i);
                List<ServicePort> next = new ArrayList<>(current);
                next.set(target, changed);
                // baseline: the same-sized transaction, prepared beforehand, on a service the engine does not look at
                int other = (target + services / 2) % services;
                RuleSet before = rules.generate(List.of(current.get(other)));
                RuleSet after = rules.generate(List.of(moveOneEndpoint(current.get(other), i)));
                String text = RestorePlan.between(before, after).text();
                long r0 = System.nanoTime();
                check(sync.apply(text), "baseline incremental restore");
                restoreOnly[i] = (System.nanoTime() - r0) / 1e6;
                current.set(other, moveOneEndpoint(current.get(other), i));
                next.set(other, current.get(other));

                long i0 = System.nanoTime();
                ProxySync.Outcome outcome = engine.sync(next, false);
                incremental[i] = (System.nanoTime() - i0) / 1e6;
                if (!outcome.ok()) {
                    throw new IOException(outcome.error());
                }
                current = next;
            }
            Legacy legacy = legacy(fullText, services > 0 ? RestorePlan.between(rules.generate(List.of(ports.get(0))),
                    rules.generate(List.of(moveOneEndpoint(ports.get(0), 1)))).text() : "", progress);
            Arrays.sort(incremental);
            Arrays.sort(restoreOnly);
            double p50 = incremental[changes / 2];
            double baseP50 = restoreOnly[changes / 2];

            header(out, services, endpoints);
            if (nft != null) {
                NftSyncBenchmark.print(nft, services, endpoints, out);
            }
            out.printf(Locale.ROOT, "  iptables mode (%s): %,d rules%n", iptablesVersion(), set.ruleCount());
            out.printf(Locale.ROOT, "  full sync                        %9.0f ms   %s   baseline: iptables-restore of the same text %.0f ms (%.2f×); generation alone %.0f ms%n",
                    fullMs, verdict(fullMs, FULL_GOAL_MS), baselineMs, fullMs / baselineMs, generateMs);
            out.printf(Locale.ROOT, "  incremental sync (1 endpoint) p50 %6.1f ms   %s   max %.1f ms; baseline: iptables-restore of an equal text p50 %.1f ms (%.2f×)%n",
                    p50, verdict(p50, INCREMENTAL_GOAL_MS), incremental[changes - 1], baseP50, p50 / baseP50);
            if (legacy != null) {
                out.printf(Locale.ROOT, "  for comparison, iptables-legacy-restore of the same texts: full %.0f ms, one chain %.1f ms"
                        + " (the legacy backend rewrites the whole table at each commit)%n", legacy.fullMs(), legacy.oneMs());
            }
            return 0;
        } finally {
            netns("delete", syncNs);
            netns("delete", baseNs);
        }
    }

    private static void header(PrintStream out, int services, int endpoints) {
        out.println("Timonel service proxy sync benchmark (timonel bench proxy)");
        out.printf(Locale.ROOT, "  machine: %d CPUs; %,d ClusterIP Services × %d endpoints, each mode in throwaway netns%n",
                Runtime.getRuntime().availableProcessors(), services, endpoints);
    }

    /** The legacy backend's times for the same texts, in a namespace of its own. */
    private record Legacy(double fullMs, double oneMs) {
    }

    private static Legacy legacy(String fullText, String oneText, PrintStream progress) throws Exception {
        if (!new java.io.File("/usr/sbin/iptables-legacy-restore").canExecute()) {
            return null;
        }
        progress.println("for comparison: iptables-legacy-restore of the same texts");
        String ns = "tnb-l" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        try {
            netns("add", ns);
            long t0 = System.nanoTime();
            if (!legacyRestore(ns, fullText)) {
                return null;
            }
            double full = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            legacyRestore(ns, oneText);
            return new Legacy(full, (System.nanoTime() - t1) / 1e6);
        } finally {
            netns("delete", ns);
        }
    }

    private static boolean legacyRestore(String ns, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "iptables-legacy-restore", "--noflush")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return p.waitFor() == 0;
    }

    static String verdict(double value, double goal) {
        return String.format(Locale.ROOT, "goal ≤ %.0f ms: %s", goal, value <= goal ? "PASS" : "MISS");
    }

    /** {@code services} ClusterIP services of one TCP port, endpoints spread over 10 nodes (one in ten here). */
    static List<ServicePort> cluster(int services, int endpoints) {
        List<ServicePort> ports = new ArrayList<>(services);
        for (int s = 0; s < services; s++) {
            List<Endpoint> eps = new ArrayList<>(endpoints);
            for (int e = 0; e < endpoints; e++) {
                int n = s * endpoints + e;
                eps.add(Endpoint.ready("10." + (42 + (n >> 16)) + "." + ((n >> 8) & 255) + "." + (n & 255), 8080,
                        n % 10 == 0));
            }
            String ip = "10." + (96 + (s >> 16)) + "." + ((s >> 8) & 255) + "." + (s & 255);
            ports.add(new ServicePort("bench", "svc-" + s, "http", "TCP", 80, List.of(ip), 0, List.of(), List.of(),
                    0, false, false, eps));
        }
        return ports;
    }

    static ServicePort moveOneEndpoint(ServicePort port, int round) {
        List<Endpoint> eps = new ArrayList<>(port.endpoints());
        Endpoint first = eps.get(0);
        eps.set(0, new Endpoint(first.ip(), 9000 + (round % 1000), true, true, false, first.local()));
        return port.withEndpoints(eps);
    }

    private static void check(IptablesRestore.Result result, String what) throws IOException {
        if (!result.ok()) {
            throw new IOException(what + " failed: " + result.output());
        }
    }

    static void netns(String verb, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", verb, name).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 && verb.equals("add")) {
            throw new IOException("ip netns add " + name + ": " + output.strip());
        }
    }

    private static String iptablesVersion() {
        try {
            Process p = new ProcessBuilder("iptables", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v;
        } catch (IOException e) {
            return "iptables (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "iptables";
        }
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
