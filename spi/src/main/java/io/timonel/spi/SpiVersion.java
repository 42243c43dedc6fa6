package io.timonel.spi;

/** The version of this API; plugins state the range they need in their {@code Plugin-Requires}. */
public final class SpiVersion {
    /** Semantic version: a major bump breaks plugins, a minor bump only adds. */
    public static final String CURRENT = "1.0.0";

    private SpiVersion() {
    }
}
