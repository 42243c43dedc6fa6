package io.timonel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code timonel version}: Timonel, SPI and Java versions. */
@Command(name = "version", description = "Print the versions of Timonel, its plugin API (SPI) and Java.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : TimonelVersion.lines()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
