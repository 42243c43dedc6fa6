package io.timonel.spi.admission;

import org.pf4j.ExtensionPoint;

/**
 * Takes part in the admission chain: every mutating plugin runs in configured order, then the
 * kernel defaults and validates the object, then every validating plugin runs. Called on request
 * threads, for dry runs too; must be thread-safe.
 */
public interface AdmissionPlugin extends ExtensionPoint {

    /** A unique name, used by configuration to enable and order plugins. */
    String name();

    /** Whether this plugin runs in the mutating phase (it may return {@link AdmissionResult.Mutated}). */
    default boolean mutating() {
        return false;
    }

    /** Decides on one request. */
    AdmissionResult admit(AdmissionRequest request);
}
