package io.timonel.plugins.netiptables.proxy.bench;

import io.timonel.plugins.netiptables.iptables.IptablesRestore;
import io.timonel.plugins.netiptables.proxy.ProxySync;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import io.timonel.plugins.netiptables.proxy.nft.IptablesForwardAccept;
import io.timonel.plugins.netiptables.proxy.nft.Nft;
import io.timonel.plugins.netiptables.proxy.nft.NftRules;
import io.timonel.plugins.netiptables.proxy.nft.NftSync;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The nftables data plane's sync time, in throwaway network namespaces: a full sync of S Services
 * × E endpoints through {@link NftSync} (generation, {@code nft -f}, and the iptables FORWARD
 * accept) beside {@code nft -f} of the very same text in a second namespace (the floor set by nft
 * and the kernel), then incremental syncs of one endpoint change each, every one replayed in the
 * second namespace as its baseline. Needs root, {@code ip} and {@code nft}.
 */
final class NftSyncBenchmark {
    private NftSyncBenchmark() {
    }

    /** The figures, in milliseconds. */
    record Figures(int rules, int bytes, double fullMs, double baselineFullMs, double incrementalP50,
                   double incrementalMax, double baselineIncrementalP50, String nftVersion) {
    }

    static Figures run(List<ServicePort> ports, int changes, PrintStream progress) throws Exception {
        String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String syncNs = "tnb-n" + suffix;
        String baseNs = "tnb-m" + suffix;
        try {
            ProxySyncBenchmark.netns("add", syncNs);
            ProxySyncBenchmark.netns("add", baseNs);
            Nft base = Nft.inNetns(baseNs);
            NftSync engine = new NftSync(Nft.inNetns(syncNs), new NftRules("10.42.0.0/16", List.of()),
                    new IptablesForwardAccept(IptablesRestore.inNetns(syncNs)), System::nanoTime);

            progress.println("nftables: full sync through the sync engine");
            long f0 = System.nanoTime();
            ProxySync.Outcome full = engine.sync(ports, true);
            double fullMs = (System.nanoTime() - f0) / 1e6;
            if (!full.ok()) {
                throw new IOException(full.error());
            }
            String fullText = engine.lastScript();
            if (System.getenv("TIMONEL_BENCH_DEBUG") != null) {
                progress.printf("  gen %.1f ms apply %.1f ms%n", full.generateNanos() / 1e6, full.restoreNanos() / 1e6);
            }
            progress.println("nftables baseline: nft -f of the same text in another namespace");
            long b0 = System.nanoTime();
            check(base.apply(fullText), "baseline nft -f");
            double baselineMs = (System.nanoTime() - b0) / 1e6;

            progress.println("nftables: " + changes + " incremental syncs, one endpoint changed each");
            double[] incremental = new double[changes];
            double[] replay = new double[changes];
            List<ServicePort> current = new ArrayList<>(ports);
            for (int i = 0; i < changes; i++) {
                int target = (i * 7919) % ports.size();
                current.set(target, ProxySyncBenchmark.moveOneEndpoint(current.get(target), i));
                long i0 = System.nanoTime();
                ProxySync.Outcome outcome = engine.sync(current, false);
                incremental[i] = (System.nanoTime() - i0) / 1e6;
                if (!outcome.ok()) {
                    throw new IOException(outcome.error());
                }
                String text = engine.lastScript();
                if (System.getenv("TIMONEL_BENCH_DEBUG") != null) {
                    progress.printf("  gen %.1f ms apply %.1f ms, %d bytes%n", outcome.generateNanos() / 1e6,
                            outcome.restoreNanos() / 1e6, text.length());
                }
                long r0 = System.nanoTime();
                check(base.apply(text), "baseline incremental nft -f");
                replay[i] = (System.nanoTime() - r0) / 1e6;
            }
            Arrays.sort(incremental);
            Arrays.sort(replay);
            return new Figures(full.rules(), fullText.length(), fullMs, baselineMs, incremental[changes / 2],
                    incremental[changes - 1], replay[changes / 2], version());
        } finally {
            ProxySyncBenchmark.netns("delete", syncNs);
            ProxySyncBenchmark.netns("delete", baseNs);
        }
    }

    static void print(Figures f, int services, int endpoints, PrintStream out) {
        out.printf(Locale.ROOT, "  nftables mode (%s): %,d rules in per-service chains (services without affinity nor externalTrafficPolicy Local have none), %,d bytes of nft text%n",
                f.nftVersion(), f.rules(), f.bytes());
        out.printf(Locale.ROOT, "  full sync                        %9.0f ms   %s   baseline: nft -f of the same text %.0f ms (%.2f×)%n",
                f.fullMs(), ProxySyncBenchmark.verdict(f.fullMs(), ProxySyncBenchmark.FULL_GOAL_MS), f.baselineFullMs(),
                f.fullMs() / f.baselineFullMs());
        out.printf(Locale.ROOT, "  incremental sync (1 endpoint) p50 %6.1f ms   %s   max %.1f ms; baseline: nft -f of the same text p50 %.1f ms (%.2f×)%n",
                f.incrementalP50(), ProxySyncBenchmark.verdict(f.incrementalP50(), ProxySyncBenchmark.INCREMENTAL_GOAL_MS),
                f.incrementalMax(), f.baselineIncrementalP50(), f.incrementalP50() / f.baselineIncrementalP50());
    }

    private static void check(Nft.Result result, String what) throws IOException {
        if (!result.ok()) {
            throw new IOException(what + " failed: " + result.output());
        }
    }

    private static String version() {
        Nft.Result v = Nft.here().command("--version");
        return v.ok() ? v.output().strip() : "nft (version unknown)";
    }
}
