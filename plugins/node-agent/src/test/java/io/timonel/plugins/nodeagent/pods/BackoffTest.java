package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.plugins.nodeagent.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final FakeClock clock = new FakeClock();
    final Backoff backoff = Backoff.containers(clock);

    @Test
    void firstRetryGoesAtOnceThenTheDelayDoublesUpToFiveMinutes() {
        Instant failed = clock.instant();
        assertEquals(Duration.ZERO, backoff.remaining("k", failed));
        long[] expected = {10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expected) {
            backoff.next("k");
            assertEquals(Duration.ofSeconds(seconds), backoff.delay("k"));
            assertEquals(Duration.ofSeconds(seconds), backoff.remaining("k", clock.instant()));
            clock.advance(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void remainingCountsFromTheFailure() {
        backoff.next("k");
        Instant failed = clock.instant();
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Duration.ofSeconds(6), backoff.remaining("k", failed));
    }

    @Test
    void keyLeftAloneForTenMinutesStartsOver() {
        backoff.next("k");
        backoff.next("k");
        assertEquals(Duration.ofSeconds(20), backoff.delay("k"));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Duration.ZERO, backoff.remaining("k", clock.instant()));
        backoff.next("k");
        assertEquals(Duration.ofSeconds(10), backoff.delay("k"));
    }

    @Test
    void forgettingAPodsPrefixClearsItsKeys() {
        backoff.next("uid-1/main");
        backoff.next("uid-2/main");
        backoff.forgetPrefix("uid-1/");
        assertEquals(Duration.ZERO, backoff.delay("uid-1/main"));
        assertEquals(Duration.ofSeconds(10), backoff.delay("uid-2/main"));
    }
}
