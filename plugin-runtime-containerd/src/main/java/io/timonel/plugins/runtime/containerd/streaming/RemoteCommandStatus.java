package io.timonel.plugins.runtime.containerd.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The outcome a streaming server writes on the error stream of a {@code v4.channel.k8s.io} session: a
 * {@code metav1.Status} in JSON. {@code Success} is exit code 0; a {@code Failure} with reason
 * {@code NonZeroExitCode} carries the code as the message of its {@code ExitCode} cause; any other
 * failure (the command could not start) is an error with the status's message.
 */
final class RemoteCommandStatus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RemoteCommandStatus() {
    }

    /**
     * The exit code the status reports; an empty status (the server closed the stream without one) is 0.
     *
     * @throws RuntimeUnavailableException when the status is a failure without an exit code, or not a status
     */
    static int exitCode(byte[] status) {
        String text = new String(status, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return 0;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("unreadable stream status: " + text);
        }
        if ("Success".equals(node.path("status").asText())) {
            return 0;
        }
        if ("NonZeroExitCode".equals(node.path("reason").asText())) {
            for (JsonNode cause : node.path("details").path("causes")) {
                if ("ExitCode".equals(cause.path("reason").asText())) {
                    try {
                        return Integer.parseInt(cause.path("message").asText().strip());
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        String message = node.path("message").asText("");
        throw new RuntimeUnavailableException(message.isEmpty() ? text : message);
    }
}
