package io.timonel.spi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;

/**
 * One write as admission plugins see it.
 *
 * @param operation   what is being done
 * @param type        the resource type
 * @param subresource e.g. {@code status}, empty for the main resource
 * @param namespace   empty for cluster-scoped objects
 * @param name        the object's name (may be empty for a create with generateName)
 * @param object      the new object (null for DELETE); shared with the other plugins of the phase,
 *                    so never changed in place: a mutating plugin returns a changed copy
 * @param oldObject   the stored object (null for CREATE)
 * @param user        the caller
 * @param dryRun      whether nothing will be persisted; plugins with side effects must skip them
 * @param objects     read access to the cluster's other objects
 */
public record AdmissionRequest(Operation operation, ResourceType type, String subresource, String namespace,
                               String name, JsonNode object, JsonNode oldObject, UserInfo user, boolean dryRun,
                               ObjectReader objects) {
}
