package io.timonel.plugins.nodeagent.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.junit.jupiter.api.Test;

class ProbeStateTest {

    @Test
    void readinessStartsFailedAndNeedsSuccessThresholdSuccessesInARow() {
        ProbeState s = new ProbeState(ProbeKind.READINESS, new ProbeBuilder().withSuccessThreshold(2).build());
        assertEquals(ProbeResult.FAILURE, s.result());
        assertFalse(s.record(true));
        assertFalse(s.record(false));
        assertFalse(s.record(true));
        assertTrue(s.record(true));
        assertEquals(ProbeResult.SUCCESS, s.result());
    }

    @Test
    void livenessStartsHealthyAndFailsAfterThreeFailuresByDefault() {
        ProbeState s = new ProbeState(ProbeKind.LIVENESS, new ProbeBuilder().build());
        assertEquals(ProbeResult.SUCCESS, s.result());
        assertFalse(s.record(false));
        assertFalse(s.record(false));
        assertTrue(s.record(false));
        assertEquals(ProbeResult.FAILURE, s.result());
    }

    @Test
    void aSuccessInBetweenStartsTheFailureCountAgain() {
        ProbeState s = new ProbeState(ProbeKind.LIVENESS, new ProbeBuilder().withFailureThreshold(2).build());
        s.record(false);
        s.record(true);
        assertFalse(s.record(false));
        assertTrue(s.record(false));
    }

    @Test
    void startupIsUnknownUntilItSucceeds() {
        ProbeState s = new ProbeState(ProbeKind.STARTUP, new ProbeBuilder().withFailureThreshold(30).build());
        assertEquals(ProbeResult.UNKNOWN, s.result());
        assertFalse(s.record(false));
        assertEquals(ProbeResult.UNKNOWN, s.result());
        assertTrue(s.record(true));
        assertEquals(ProbeResult.SUCCESS, s.result());
    }
}
