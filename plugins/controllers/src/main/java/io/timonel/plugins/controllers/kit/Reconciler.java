package io.timonel.plugins.controllers.kit;

import java.time.Duration;

/**
 * Converges one object, named by its key ({@code namespace/name}, or {@code name} for cluster
 * objects), to what is declared: level-based, from the informers' current state, idempotent.
 */
@FunctionalInterface
public interface Reconciler {

    /** What to do with the key next. Throwing counts as {@link Result#retry()}. */
    Result reconcile(String key) throws Exception;

    /** The outcome of one reconcile. */
    sealed interface Result {
        /** Converged (or nothing to do) until the next event. */
        static Result done() {
            return Done.INSTANCE;
        }

        /** Look again after {@code delay} even without an event (a deadline, a progress check). */
        static Result after(Duration delay) {
            return new After(delay);
        }

        /** Failed in a way worth retrying with back-off (a conflict, a write refused for now). */
        static Result retry() {
            return Retry.INSTANCE;
        }
    }

    enum Done implements Result { INSTANCE }

    record After(Duration delay) implements Result {
    }

    enum Retry implements Result { INSTANCE }
}
