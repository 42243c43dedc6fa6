package io.timonel.plugins.netiptables.podnet;

import io.timonel.plugins.netiptables.exec.HostProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link CniPlugins} as processes: the binaries of {@code binDir}, each run with at most {@code timeout}. */
public final class ExecCniPlugins implements CniPlugins {
    private final Path binDir;
    private final Duration timeout;

    public ExecCniPlugins(Path binDir, Duration timeout) {
        this.binDir = binDir;
        this.timeout = timeout;
    }

    @Override
    public Invocation run(String type, Map<String, String> env, byte[] stdin) {
        Path binary = binDir.resolve(type);
        if (!Files.isExecutable(binary)) {
            return new Invocation(127, "", "CNI plugin " + type + " not found in " + binDir);
        }
        HostProcess.Outcome outcome = HostProcess.run(List.of(binary.toString()), env, stdin, timeout);
        return new Invocation(outcome.exitCode(), outcome.stdout(), outcome.stderr());
    }
}
