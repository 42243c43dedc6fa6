package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void labelsAndAnnotationsSurviveTheRoundTripBesideOurOwnMarks() {
        Map<String, String> docker = Labels.encode(Map.of("io.kubernetes.pod.name", "web"), Map.of("kubernetes.io/config.seen", "now"),
                Map.of(Labels.TYPE, Labels.CONTAINER, Labels.ATTEMPT, "3"));
        assertEquals(Labels.CONTAINER, docker.get(Labels.TYPE));
        assertEquals(Map.of("io.kubernetes.pod.name", "web"), Labels.labels(docker));
        assertEquals(Map.of("kubernetes.io/config.seen", "now"), Labels.annotations(docker));
        assertEquals(3, Labels.attempt(docker));
    }

    @Test
    void aCallerCannotForgeOurMarks() {
        Map<String, String> docker = Labels.encode(Map.of(Labels.TYPE, "sandbox"), Map.of(), Map.of(Labels.TYPE, Labels.CONTAINER));
        assertEquals(Labels.CONTAINER, docker.get(Labels.TYPE));
        assertEquals(Map.of(), Labels.labels(docker));
    }

    @Test
    void aMissingOrMalformedAttemptIsZero() {
        assertEquals(0, Labels.attempt(Map.of()));
        assertEquals(0, Labels.attempt(Map.of(Labels.ATTEMPT, "x")));
        assertEquals(0, Labels.attempt(null));
    }

    @Test
    void containersWithoutLabelsReportNone() {
        assertEquals(Map.of(), Labels.labels(null));
        assertEquals(Map.of(), Labels.annotations(null));
    }
}
