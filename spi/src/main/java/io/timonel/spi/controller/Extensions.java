package io.timonel.spi.controller;

import java.util.List;

/**
 * The extensions that the started plugins provide, by extension point: how a controller that is
 * itself a framework (the scheduler and its policies) finds what other plugins contribute.
 */
public interface Extensions {

    /** Every extension of {@code type} from every started plugin; empty when there are none. */
    <T> List<T> of(Class<T> type);

    /** No extensions at all, for controllers started outside a server (tests). */
    Extensions NONE = new Extensions() {
        @Override
        public <T> List<T> of(Class<T> type) {
            return List.of();
        }
    };
}
