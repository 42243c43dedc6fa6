package io.timonel.cli;

import io.timonel.cli.bench.ApiBenchCommand;
import io.timonel.cli.bench.ControllersBenchCommand;
import io.timonel.cli.bench.CrdBenchCommand;
import io.timonel.cli.bench.PodsBenchCommand;
import io.timonel.cli.bench.ProxyBenchCommand;
import io.timonel.cli.bench.SchedulerBenchCommand;
import picocli.CommandLine.Command;

/** {@code timonel bench}: benchmarks that print their figures beside a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figures, each beside a baseline measured in the same run.",
        subcommands = {ApiBenchCommand.class, CrdBenchCommand.class, SchedulerBenchCommand.class, ControllersBenchCommand.class,
            PodsBenchCommand.class, ProxyBenchCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
