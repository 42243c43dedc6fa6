package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Work-queue keys: {@code namespace/name} for namespaced objects, {@code name} for cluster ones. */
public final class Keys {
    private Keys() {
    }

    public static String of(HasMetadata object) {
        return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public static String of(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part, or null for a cluster-scoped key. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
