package io.timonel.kernel.objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.admission.ObjectReader;
import java.util.List;
import java.util.Optional;

/** {@link ObjectReader} over the watch cache, using the same keys as the store. */
public final class CacheObjectReader implements ObjectReader {
    private final WatchCache cache;

    public CacheObjectReader(WatchCache cache) {
        this.cache = cache;
    }

    private static String prefix(String group, String resource, String namespace) {
        StringBuilder b = new StringBuilder(WatchCache.ROOT);
        if (!group.isEmpty()) {
            b.append(group).append('/');
        }
        b.append(resource).append('/');
        if (!namespace.isEmpty()) {
            b.append(namespace).append('/');
        }
        return b.toString();
    }

    @Override
    public Optional<JsonNode> get(String group, String resource, String namespace, String name) {
        CachedObject o = cache.get(prefix(group, resource, namespace) + name);
        return o == null ? Optional.empty() : Optional.of(o.object());
    }

    @Override
    public List<JsonNode> list(String group, String resource, String namespace) {
        return cache.list(prefix(group, resource, namespace)).items().stream()
                .map(o -> (JsonNode) o.object()).toList();
    }
}
