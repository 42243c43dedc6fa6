package io.timonel.plugins.nodeagent.streaming.remotecommand;

import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.StreamOptions;
import java.util.List;
import java.util.Map;

/**
 * What an exec or attach request asks for, from its query ({@code command=…&stdin=…&stdout=…
 * &stderr=…&tty=…}; a flag is on for {@code true} or {@code 1}). With a terminal the error stream is
 * merged into the output, so {@code stderr} is dropped as the kubelet does.
 */
public record CommandOptions(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

    /** Parses an exec request; a command is required. */
    public static Outcome<CommandOptions> exec(Map<String, List<String>> query) {
        List<String> command = query.getOrDefault("command", List.of());
        if (command.isEmpty()) {
            return Outcome.failed("BadRequest", "you must specify at least 1 command");
        }
        return streams(command, query);
    }

    /** Parses an attach request (no command). */
    public static Outcome<CommandOptions> attach(Map<String, List<String>> query) {
        return streams(List.of(), query);
    }

    private static Outcome<CommandOptions> streams(List<String> command, Map<String, List<String>> query) {
        boolean stdin = flag(query, "stdin");
        boolean stdout = flag(query, "stdout");
        boolean stderr = flag(query, "stderr");
        boolean tty = flag(query, "tty");
        if (!stdin && !stdout && !stderr) {
            return Outcome.failed("BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
        }
        return Outcome.of(new CommandOptions(List.copyOf(command), stdin, stdout, stderr && !tty, tty));
    }

    /** The runtime's view of the streams. */
    public StreamOptions streamOptions() {
        return new StreamOptions(stdin, stdout, stderr, tty);
    }

    static boolean flag(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return false;
        }
        String v = values.get(0);
        return v.equals("1") || v.equalsIgnoreCase("true");
    }
}
