package io.timonel.plugins.netiptables.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, "timed out: " + command);
                }
                return new Result(p.exitValue(), out.trim());
            } catch (IOException e) {
                return new Result(127, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
        };
    }
}
