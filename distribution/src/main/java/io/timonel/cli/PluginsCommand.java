package io.timonel.cli;

import io.timonel.kernel.plugin.PluginHost;
import io.timonel.kernel.plugin.PluginReport;
import io.timonel.kernel.plugin.PluginState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code timonel plugins}: the plugins the server would load, and their state, without starting
 * any (so it is safe to run beside a running server). Exits 1 when a required plugin could not
 * start: absent, invalid, incompatible or disabled.
 */
@Command(name = "plugins", description = "List the plugins in the plugins directory and their state, without "
        + "starting the server or any plugin.")
public final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Override
    public Integer call() throws Exception {
        ConfigFile config = bundle.loadConfig();
        Path dir = bundle.pluginsDir(config);
        Set<String> required = new HashSet<>(config.plugins().required());
        PrintWriter out = spec.commandLine().getOut();
        List<PluginReport> reports;
        try (PluginHost host = PluginHost.load(dir, Set.copyOf(config.plugins().disabled()), required)) {
            reports = host.reports();
        }
        out.println("Plugins in " + (dir == null ? "(no plugins directory)" : dir) + ":");
        if (reports.isEmpty()) {
            out.println("  (none)");
        }
        printTable(out, reports, required);
        List<String> missing = new ArrayList<>();
        for (String id : required) {
            boolean usable = reports.stream().anyMatch(r -> r.id().equals(id) && r.state() == PluginState.RESOLVED);
            if (!usable) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().println("required plugins that cannot start: " + String.join(", ", missing));
            return 1;
        }
        return 0;
    }

    private static void printTable(PrintWriter out, List<PluginReport> reports, Set<String> required) {
        if (reports.isEmpty()) {
            return;
        }
        int idWidth = Math.max(2, reports.stream().mapToInt(r -> r.id().length()).max().orElse(0));
        int versionWidth = Math.max(7, reports.stream().mapToInt(r -> r.version().length()).max().orElse(0));
        String format = "  %-" + idWidth + "s  %-" + versionWidth + "s  %-12s  %-8s  %s%n";
        out.printf(format, "ID", "VERSION", "STATE", "REQUIRED", "FILE / REASON");
        for (PluginReport report : reports) {
            String detail = report.reason().isEmpty() ? report.path().getFileName().toString()
                    : report.path().getFileName() + ": " + report.reason();
            out.printf(format, report.id(), report.version(), report.state(), required.contains(report.id()) ? "yes" : "",
                    detail);
        }
    }
}
