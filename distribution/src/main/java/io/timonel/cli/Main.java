package io.timonel.cli;

import picocli.CommandLine;

/** Entry point of {@code bin/timonel}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, ready to execute; tests use it to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new TimonelCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // expected failures (bad config, port in use, required plugin) come as one line
                    commandLine.getErr().println("timonel " + commandLine.getCommandName() + ": " + message(error));
                    if (Boolean.getBoolean("timonel.debug")) {
                        error.printStackTrace(commandLine.getErr());
                    }
                    return 1;
                });
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.toString() : message;
    }
}
