package io.timonel.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code timonel bench proxy}: the Service proxy's sync time — a full sync of S Services × E
 * endpoints and incremental syncs of one endpoint change — for the nftables data plane (beside
 * {@code nft -f} of the very same texts) and the iptables one (beside {@code iptables-restore} of
 * equally sized texts), in throwaway network namespaces, so the host's tables are not touched. The benchmark lives in the net-iptables plugin
 * ({@code io.timonel.plugins.netiptables.proxy.bench.ProxySyncBenchmark}); this command loads it
 * from the bundle's plugins/ and runs it. Needs root.
 */
@Command(name = "proxy", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Service proxy sync time (full and incremental) per data plane, beside nft -f / iptables-restore"
                + " of the same-sized rules.",
                "Runs in throwaway network namespaces; needs root, ip, nft and iptables-restore."})
public final class ProxyBenchCommand implements Callable<Integer> {
    private static final String BENCHMARK = "io.timonel.plugins.netiptables.proxy.bench.ProxySyncBenchmark";

    @Option(names = "--mode", paramLabel = "MODE",
            description = "nftables, iptables or both (nftables first). Default: ${DEFAULT-VALUE}.")
    String mode = "both";

    @Option(names = "--services", paramLabel = "N", description = "Services (one TCP port each). Default: ${DEFAULT-VALUE}.")
    int services = 10_000;

    @Option(names = "--endpoints", paramLabel = "N", description = "Endpoints per Service. Default: ${DEFAULT-VALUE}.")
    int endpoints = 10;

    @Option(names = "--changes", paramLabel = "N", description = "Incremental syncs to time. Default: ${DEFAULT-VALUE}.")
    int changes = 20;

    @Override
    public Integer call() throws Exception {
        Path plugins = TimonelServer.home().resolve("plugins");
        Path jar;
        try (Stream<Path> files = Files.list(plugins)) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("timonel-plugin-net-iptables")
                    && f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IOException("no net-iptables plugin in " + plugins));
        }
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--services", Integer.toString(services),
                "--endpoints", Integer.toString(endpoints), "--changes", Integer.toString(changes)));
        // the plugin jar on top of the CLI's own class path: the benchmark needs only the JDK and itself
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass(BENCHMARK).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
            return (Integer) run.invoke(null, args.toArray(String[]::new), System.out, System.err);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
