package io.timonel.spi.store;

import java.util.List;

/**
 * A consistent read of keys under a prefix.
 *
 * @param items    the values in key order
 * @param revision the store revision the read reflects
 * @param more     whether keys beyond the last returned one exist (a limit cut the range)
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more) {
}
