package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerExpectationsTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ControllerExpectations expectations = new ControllerExpectations(clock);

    @Test
    void anOwnerWaitsUntilEveryCreationIsSeen() {
        assertTrue(expectations.satisfied("ns/rs"));
        expectations.expectCreations("ns/rs", 2);
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.creationObserved("ns/rs");
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.creationObserved("ns/rs");
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void deletionsAreCountedOncePerPodHoweverOftenSeen() {
        expectations.expectDeletions("ns/rs", List.of("u1", "u2"));
        expectations.deletionObserved("ns/rs", "u1");
        expectations.deletionObserved("ns/rs", "u1"); // deletionTimestamp, then gone: the same pod
        assertFalse(expectations.satisfied("ns/rs"));
        expectations.deletionObserved("ns/rs", "u2");
        assertTrue(expectations.satisfied("ns/rs"));
    }

    @Test
    void expectationsExpireSoALostEventCannotWedgeAnOwner() {
        expectations.expectCreations("ns/rs", 1);
        now = now.plus(ControllerExpectations.TTL).plus(Duration.ofSeconds(1));
        assertTrue(expectations.satisfied("ns/rs"));
    }
}
