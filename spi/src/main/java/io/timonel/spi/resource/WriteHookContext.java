package io.timonel.spi.resource;

import io.timonel.spi.admission.ObjectReader;
import java.time.Clock;
import java.util.Map;

/** What the kernel gives an {@link ObjectWriteHook}: one context per hook, shared by all its calls. */
public interface WriteHookContext {

    /** Unique claims on values, stored in the kernel's store. */
    Reservations reservations();

    /**
     * Settings: the kernel's own network settings under the names of their {@code timonel server}
     * options ({@code service-cluster-ip-range}, e.g. {@code 10.96.0.0/12};
     * {@code service-node-port-range}, e.g. {@code 30000-32767}), with the hook's
     * {@code controllers.<name>.*} settings over them. Immutable.
     */
    Map<String, String> settings();

    /** The current objects, from the watch cache (for {@link ObjectWriteHook#repair}). */
    ObjectReader objects();

    /** The kernel's clock. */
    Clock clock();
}
