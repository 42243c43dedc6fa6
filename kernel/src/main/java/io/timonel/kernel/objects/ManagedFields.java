package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.patch.ServerSideApply;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;
import java.time.Instant;

/** Records field ownership (metadata.managedFields) for writes that are not server-side applies. */
final class ManagedFields {
    private ManagedFields() {
    }

    /** Updates {@code next}'s managedFields in place for a create ({@code old} null) or update. */
    static void recordUpdate(ResourceType type, ObjectNode old, ObjectNode next, WriteOptions opts, String subresource,
                             Clock clock) {
        ObjectNode recorded = ServerSideApply.recordUpdate(old, next, opts.fieldManager(), subresource, type.schema(),
                Instant.now(clock));
        ObjectNode meta = io.timonel.kernel.json.Json.with(next, "metadata");
        if (recorded.path("metadata").has("managedFields")) {
            meta.set("managedFields", recorded.path("metadata").get("managedFields"));
        } else {
            meta.remove("managedFields");
        }
    }
}
