package io.timonel.plugins.scheduler.queue;

import java.time.Duration;

/** Exponential back-off after failed attempts: initial × 2^(attempts−1), at most max. */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** The wait after the {@code attempts}-th failed attempt (1 → initial). */
    public Duration after(int attempts) {
        Duration d = initial;
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
