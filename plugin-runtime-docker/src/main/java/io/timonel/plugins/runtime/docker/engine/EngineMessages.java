package io.timonel.plugins.runtime.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Docker's error bodies ({@code {"message":"…"}}) as the plain message an operator should read. */
public final class EngineMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineMessages() {
    }

    /** The {@code message} field of a JSON error body, else the body itself, trimmed. */
    public static String of(byte[] body) {
        return of(new String(body, StandardCharsets.UTF_8));
    }

    /** The {@code message} field of a JSON error text, else the text itself, trimmed. */
    public static String of(String body) {
        if (body == null) {
            return "";
        }
        String text = body.trim();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node.hasNonNull("message")) {
                    return node.get("message").asText().trim();
                }
            } catch (IOException notJson) {
                // fall through to the text as it came
            }
        }
        return text;
    }
}
