package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The result of a successful write.
 *
 * @param object   the object as stored (or as it would be stored, for a dry run)
 * @param created  whether the write created the object (HTTP 201 rather than 200)
 * @param warnings warnings for the client (Warning headers)
 */
public record WriteOutcome(ObjectNode object, boolean created, List<String> warnings) {
}
