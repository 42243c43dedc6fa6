package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.ObjectDefaulter;

/**
 * Defaults of a Namespace: {@code status.phase: Active} and the {@code kubernetes} finalizer that
 * keeps it until its content is gone. The finalizer is added only while the namespace is not
 * terminating and its finalizer list is unset, so that finalizing (which empties the list) sticks.
 */
public final class NamespaceDefaults implements ObjectDefaulter {

    @Override
    public void applyDefaults(ObjectNode namespace) {
        ObjectNode status = Json.object(namespace, "status");
        Json.defaultText(status, "phase", "Active");
        ObjectNode spec = Json.object(namespace, "spec");
        if (!"Terminating".equals(status.path("phase").asText()) && Json.unset(spec, "finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
    }
}
