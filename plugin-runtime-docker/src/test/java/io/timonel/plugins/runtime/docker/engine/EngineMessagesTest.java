package io.timonel.plugins.runtime.docker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineMessagesTest {

    @Test
    void theMessageFieldOfAJsonErrorIsTheMessage() {
        assertEquals("No such container: abc", EngineMessages.of("{\"message\":\"No such container: abc\"}\n"));
    }

    @Test
    void escapesInTheMessageAreDecoded() {
        assertEquals("Get \"https://r/v2/\": no such host", EngineMessages.of("{\"message\":\"Get \\\"https://r/v2/\\\": no such host\"}"));
    }

    @Test
    void plainTextStaysAsItIs() {
        assertEquals("page not found", EngineMessages.of("page not found\n"));
        assertEquals("{broken", EngineMessages.of("{broken"));
        assertEquals("", EngineMessages.of((String) null));
    }
}
