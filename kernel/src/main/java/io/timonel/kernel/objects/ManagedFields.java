package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;

/** Records field ownership (metadata.managedFields) for non-apply writes. */
final class ManagedFields {
    private ManagedFields() {
    }

    static void recordUpdate(ResourceType type, ObjectNode old, ObjectNode next, WriteOptions opts, String subresource,
                             Clock clock) {
        // Wired to the patch package's field-ownership tracking once it lands.
    }
}
