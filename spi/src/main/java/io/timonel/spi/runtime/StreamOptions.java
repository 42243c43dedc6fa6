package io.timonel.spi.runtime;

/** Which streams an exec or attach session carries; with {@code tty}, stderr is merged into stdout. */
public record StreamOptions(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
}
