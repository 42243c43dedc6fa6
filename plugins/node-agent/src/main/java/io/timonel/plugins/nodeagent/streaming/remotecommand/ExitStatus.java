package io.timonel.plugins.nodeagent.streaming.remotecommand;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The metav1 Status that ends a remote command on its error channel (protocols v4 and v5): the
 * client turns {@code NonZeroExitCode} into its own exit code and prints any other failure.
 */
public final class ExitStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExitStatus() {
    }

    /** {@code {"metadata":{},"status":"Success"}} for exit code 0, else NonZeroExitCode with the code as cause. */
    public static byte[] of(int exitCode, List<String> command) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        if (exitCode == 0) {
            status.put("status", "Success");
            return bytes(status);
        }
        status.put("status", "Failure");
        status.put("message", "command terminated with non-zero exit code: error executing command "
                + command + ", exit code " + exitCode);
        status.put("reason", "NonZeroExitCode");
        status.putObject("details").putArray("causes").addObject()
                .put("reason", "ExitCode").put("message", Integer.toString(exitCode));
        return bytes(status);
    }

    /** A failure that is not the command's own (it could not start, the runtime failed). */
    public static byte[] failure(String message) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", "InternalError");
        status.putObject("details").putArray("causes").addObject().put("message", message);
        status.put("code", 500);
        return bytes(status);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
