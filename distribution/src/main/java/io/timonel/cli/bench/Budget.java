package io.timonel.cli.bench;

import java.time.Duration;

/**
 * How long one load phase runs: a number of operations, or a wall-clock duration.
 *
 * @param operations operations to perform in total, or 0 when bounded by time
 * @param duration   how long to run when {@code operations} is 0
 */
public record Budget(long operations, Duration duration) {

    public Budget {
        if (operations < 0 || (operations == 0 && (duration == null || duration.isZero() || duration.isNegative()))) {
            throw new IllegalArgumentException("a budget needs a positive number of operations or a positive duration");
        }
    }

    /** Exactly {@code operations} operations. */
    public static Budget ops(long operations) {
        if (operations <= 0) {
            throw new IllegalArgumentException("operations must be positive: " + operations);
        }
        return new Budget(operations, null);
    }

    /** As many operations as fit in {@code duration}. */
    public static Budget time(Duration duration) {
        return new Budget(0, duration);
    }

    public boolean countsOperations() {
        return operations > 0;
    }

    /** One of {@code parts} equal shares of this budget (at least one operation or millisecond each). */
    public Budget share(int parts) {
        if (parts <= 0) {
            throw new IllegalArgumentException("parts must be positive: " + parts);
        }
        return countsOperations()
                ? ops(Math.max(1, (operations + parts - 1) / parts))
                : time(duration.dividedBy(parts).compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : duration.dividedBy(parts));
    }

    /** "10 s" or "5000 ops", for the report. */
    public String describe() {
        if (countsOperations()) {
            return operations + " ops";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }
}
