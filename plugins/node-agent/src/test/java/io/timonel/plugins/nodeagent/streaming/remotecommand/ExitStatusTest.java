package io.timonel.plugins.nodeagent.streaming.remotecommand;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void zeroExitIsSuccess() throws IOException {
        assertEquals(JSON.readTree("{\"metadata\":{},\"status\":\"Success\"}"),
                JSON.readTree(ExitStatus.of(0, List.of("true"))));
    }

    @Test
    void nonZeroExitCarriesTheCodeAsExitCodeCause() throws IOException {
        JsonNode status = JSON.readTree(ExitStatus.of(42, List.of("sh", "-c", "exit 42")));
        assertEquals("Failure", status.path("status").asText());
        assertEquals("NonZeroExitCode", status.path("reason").asText());
        assertEquals("ExitCode", status.at("/details/causes/0/reason").asText());
        assertEquals("42", status.at("/details/causes/0/message").asText());
    }

    @Test
    void otherFailuresAreInternalErrors() throws IOException {
        JsonNode status = JSON.readTree(ExitStatus.failure("executable file not found"));
        assertEquals("Failure", status.path("status").asText());
        assertEquals("InternalError", status.path("reason").asText());
        assertEquals("executable file not found", status.path("message").asText());
    }
}
