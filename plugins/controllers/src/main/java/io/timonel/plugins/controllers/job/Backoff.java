package io.timonel.plugins.controllers.job;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a job waits before replacing failed pods: {@code base × 2^(failures-1)}, at most
 * {@code max} (Kubernetes: 10 s, 20 s, 40 s... up to six minutes), counted from the last failure.
 * A success resets the count.
 *
 * @param base the first delay
 * @param max  the longest delay
 */
record Backoff(Duration base, Duration max) {

    /** The delay after {@code failuresInRow} consecutive failures (zero for none). */
    Duration delay(int failuresInRow) {
        if (failuresInRow <= 0) {
            return Duration.ZERO;
        }
        long millis = base.toMillis() << Math.min(failuresInRow - 1, 30);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** How long to wait still at {@code now}; zero or negative when pods may be created. */
    Duration remaining(int failuresInRow, Instant lastFailure, Instant now) {
        if (failuresInRow <= 0 || lastFailure == null) {
            return Duration.ZERO;
        }
        return Duration.between(now, lastFailure.plus(delay(failuresInRow)));
    }
}
