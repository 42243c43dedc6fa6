package io.timonel.kernel.patch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * FieldsV1 keys of list items ({@code k:{...}}, {@code v:...}) in both directions, remembered:
 * every write reads and writes the managed fields of its object, where the same few container
 * and port keys recur, each a JSON text to parse or write.
 */
final class FieldsV1Keys {
    static final Cache<PathElement, String> TEXTS = Caffeine.newBuilder().maximumSize(10_000).build();
    static final Cache<String, Optional<PathElement>> PARSED = Caffeine.newBuilder().maximumSize(10_000).build();

    private FieldsV1Keys() {
    }
}
