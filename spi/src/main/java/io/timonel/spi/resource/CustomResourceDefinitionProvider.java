package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Ships CustomResourceDefinitions with a plugin, typically read from YAML files in the plugin's
 * jar. The kernel asks every provider once at start-up, on the main thread, after the store is
 * ready and before the API server listens, and installs each manifest as if applied by an admin:
 * it is created when absent and its {@code spec}, labels and annotations replaced when present.
 * Each manifest goes through the same validation as a CRD sent by a client; one that fails is
 * logged with the plugin's name and skipped, without stopping the other manifests or start-up.
 * The CRDs are then served like any other (within a moment, once established).
 */
public interface CustomResourceDefinitionProvider extends ExtensionPoint {

    /**
     * The CRD manifests to install: whole {@code apiextensions.k8s.io/v1}
     * {@code CustomResourceDefinition} objects (at least {@code metadata.name} and {@code spec}).
     * Called once; the returned nodes are not modified by the kernel.
     */
    List<JsonNode> customResourceDefinitions();
}
