package io.timonel.plugins.nodeagent.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's exponential back-off per key (a container of a pod, an image pull): the first
 * retry goes at once, then each waits twice as long as the one before ({@code initial} doubling
 * up to {@code max}); a key left alone for {@code reset} starts over. Thread-safe.
 */
public final class Backoff {
    private record Entry(Duration delay, Instant lastUpdate) {
    }

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Duration reset;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Backoff(Clock clock, Duration initial, Duration max, Duration reset) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
        this.reset = reset;
    }

    /** The kubelet's container back-off: 10 s doubling to 5 min, forgotten after 10 min. */
    public static Backoff containers(Clock clock) {
        return new Backoff(clock, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    /**
     * How long is still to wait before retrying {@code key} after a failure at {@code since};
     * zero when the retry may go now.
     */
    public Duration remaining(String key, Instant since) {
        Entry e = live(key);
        if (e == null || since == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), since.plus(e.delay()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The delay {@code key} is at now (zero when none). */
    public Duration delay(String key) {
        Entry e = live(key);
        return e == null ? Duration.ZERO : e.delay();
    }

    /** Records a retry of {@code key} now: the next one waits longer. */
    public void next(String key) {
        Instant now = clock.instant();
        entries.compute(key, (k, e) -> {
            if (e == null || !e.lastUpdate().plus(reset).isAfter(now)) {
                return new Entry(initial, now);
            }
            Duration doubled = e.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
    }

    /** Forgets {@code key}. */
    public void forget(String key) {
        entries.remove(key);
    }

    /** Forgets every key that starts with {@code prefix} (a pod's). */
    public void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && !e.lastUpdate().plus(reset).isAfter(clock.instant())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }
}
