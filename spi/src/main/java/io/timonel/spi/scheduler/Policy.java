package io.timonel.spi.scheduler;

/**
 * A scheduling policy instance: the root of the stage interfaces. An instance implements the
 * stages it takes part in ({@link Filter}, {@link Score}, ...), and one profile holds one instance.
 */
public interface Policy {

    /** The name the configuration uses for it, e.g. {@code NodeResourcesFit}. */
    String name();
}
