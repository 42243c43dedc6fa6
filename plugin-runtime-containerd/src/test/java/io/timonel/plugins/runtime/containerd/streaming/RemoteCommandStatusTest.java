package io.timonel.plugins.runtime.containerd.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RemoteCommandStatusTest {

    private static int exitCode(String json) {
        return RemoteCommandStatus.exitCode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void successIsZero() {
        assertEquals(0, exitCode("{\"metadata\":{},\"status\":\"Success\"}"));
    }

    @Test
    void noStatusIsZero() {
        assertEquals(0, exitCode(""));
    }

    @Test
    void nonZeroExitCodeComesFromItsCause() {
        assertEquals(3, exitCode("""
                {"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status 3",
                 "reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}"""));
    }

    @Test
    void otherFailuresAreErrorsWithTheirMessage() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> exitCode("""
                {"metadata":{},"status":"Failure","message":"executable file not found in $PATH","reason":"InternalError"}"""));
        assertEquals("executable file not found in $PATH", e.getMessage());
    }

    @Test
    void garbageIsAnError() {
        assertThrows(RuntimeUnavailableException.class, () -> exitCode("{not json"));
    }
}
