package io.timonel.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code timonel}: the root of the command tree; it only dispatches to subcommands. */
@Command(name = "timonel",
        mixinStandardHelpOptions = true,
        versionProvider = TimonelVersion.Provider.class,
        description = "Timonel: a Kubernetes-compatible container orchestrator.",
        subcommands = {
            ServerCommand.class,
            AgentCommand.class,
            PluginsCommand.class,
            ImagesCommand.class,
            NodeCommand.class,
            VersionCommand.class,
            BenchCommand.class,
            HelpCommand.class,
        })
public final class TimonelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // `timonel` alone: show what there is to do
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
