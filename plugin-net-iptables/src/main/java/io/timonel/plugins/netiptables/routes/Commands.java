package io.timonel.plugins.netiptables.routes;

import io.timonel.plugins.netiptables.exec.HostProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the host's network tools ({@code ip}, {@code iptables-restore}); one call, one process. */
public interface Commands {

    /** Runs {@code command} with {@code stdin} (may be empty) to its end. */
    Result run(List<String> command, String stdin);

    /** Exit status and combined output. */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The real tools. */
    static Commands system() {
        return (command, stdin) -> {
            HostProcess.Outcome outcome = HostProcess.run(command, Map.of(), HostProcess.utf8(stdin),
                    Duration.ofSeconds(30));
            return new Result(outcome.exitCode(), (outcome.stdout() + outcome.stderr()).trim());
        };
    }
}
