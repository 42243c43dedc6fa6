package io.timonel.spi.runtime;

/** The outcome of a command run to its end: exit code and output (each cut to a bounded size). */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {
}
