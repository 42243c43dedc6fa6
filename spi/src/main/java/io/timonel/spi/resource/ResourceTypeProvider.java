package io.timonel.spi.resource;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Contributes resource types to the API server. The kernel asks every provider once at
 * start-up, on the main thread, and serves the union; two providers claiming the same
 * group, version and plural make start-up fail with both plugins named.
 */
public interface ResourceTypeProvider extends ExtensionPoint {

    /** The types to serve. Called once. */
    List<ResourceType> resourceTypes();
}
