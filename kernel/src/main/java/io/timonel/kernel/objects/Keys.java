package io.timonel.kernel.objects;

import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.resource.ResourceType;

/**
 * Store keys of objects: {@code /registry/[group/]plural/[namespace/]name}. The key does not
 * contain the version: all versions of a resource share one stored object.
 */
public final class Keys {
    private Keys() {
    }

    /** The prefix of all objects of a resource, optionally in one namespace (ending in '/'). */
    public static String prefix(ResourceType type, String namespace) {
        StringBuilder b = new StringBuilder(WatchCache.ROOT);
        if (!type.group().isEmpty()) {
            b.append(type.group()).append('/');
        }
        b.append(type.plural()).append('/');
        if (type.namespaced() && namespace != null && !namespace.isEmpty()) {
            b.append(namespace).append('/');
        }
        return b.toString();
    }

    public static String key(ResourceType type, String namespace, String name) {
        return prefix(type, namespace) + name;
    }
}
