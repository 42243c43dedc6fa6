package io.timonel.plugins.netiptables.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostProcessTest {
    private static final Duration LONG_ENOUGH = Duration.ofSeconds(30);

    @Test
    void aToolReadsItsInputAndEnvironmentAndItsOutputsComeBackApart() {
        HostProcess.Outcome outcome = HostProcess.run(List.of("sh", "-c", "cat; echo \"$GREETING\" >&2"),
                Map.of("GREETING", "hello"), HostProcess.utf8("rules\n"), LONG_ENOUGH);

        assertTrue(outcome.ok());
        assertEquals("rules\n", outcome.stdout());
        assertEquals("hello\n", outcome.stderr());
    }

    @Test
    void anOutputLargerThanAPipeDoesNotStallTheTool() {
        HostProcess.Outcome outcome = HostProcess.run(List.of("sh", "-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2"),
                Map.of(), null, LONG_ENOUGH);

        assertEquals(1_000_000, outcome.stdout().length());
        assertEquals(1_000_000, outcome.stderr().length());
    }

    @Test
    void aFailingToolReportsItsExitStatus() {
        assertEquals(3, HostProcess.run(List.of("sh", "-c", "exit 3"), Map.of(), null, LONG_ENOUGH).exitCode());
    }

    @Test
    void aMissingToolCannotRun() {
        HostProcess.Outcome outcome = HostProcess.run(List.of("/nonexistent/iptables"), Map.of(), null, LONG_ENOUGH);

        assertEquals(HostProcess.CANNOT_RUN, outcome.exitCode());
        assertFalse(outcome.ok());
    }

    @Test
    void aToolRunningTooLongIsKilled() {
        HostProcess.Outcome outcome = HostProcess.run(List.of("sleep", "30"), Map.of(), null, Duration.ofMillis(100));

        assertEquals(HostProcess.TIMED_OUT, outcome.exitCode());
    }
}
