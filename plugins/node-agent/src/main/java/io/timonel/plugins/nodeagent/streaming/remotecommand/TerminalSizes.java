package io.timonel.plugins.nodeagent.streaming.remotecommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;

/** Terminal resize events: JSON objects {@code {"Width":80,"Height":24}}, one per message or back to back on a stream. */
public final class TerminalSizes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TerminalSizes() {
    }

    /** Applies one event; a malformed one is ignored (a resize is never worth ending a session for). */
    public static void apply(byte[] message, int offset, StreamSession session) {
        try {
            apply(JSON.readTree(message, offset, message.length - offset), session);
        } catch (IOException e) {
            // ignored, see above
        }
    }

    /** Applies every event on {@code stream} until it ends. */
    public static void applyAll(InputStream stream, StreamSession session) {
        try (MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(stream)) {
            while (events.hasNextValue()) {
                apply(events.nextValue(), session);
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended or broke: no more resizes
        }
    }

    private static void apply(JsonNode size, StreamSession session) {
        int width = size.path("Width").asInt(0);
        int height = size.path("Height").asInt(0);
        if (width > 0 && height > 0) {
            session.resize(width, height);
        }
    }
}
