package io.timonel.kernel.registry;

import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resource types the API server serves, indexed for request routing and discovery. Built-in
 * types are registered at start-up; CRDs add and remove types at runtime, so readers get an
 * immutable {@link Snapshot} and listeners hear of every change.
 */
public final class ResourceRegistry {
    private volatile Snapshot snapshot = new Snapshot(List.of());
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();

    /**
     * Registers types on behalf of {@code owner} (a plugin id, or {@code crd:<name>}).
     *
     * @throws IllegalStateException when another owner already serves the same group, version and plural
     */
    public synchronized void register(String owner, Collection<ResourceType> types) {
        publish(withTypes(new ArrayList<>(snapshot.all()), owner, types));
    }

    /**
     * Swaps every type of {@code owner} for {@code types} in one change, so requests never see
     * the owner's resources missing in between (a changed CRD stays served while it is rebuilt).
     *
     * @throws IllegalStateException when another owner already serves one of the new types
     */
    public synchronized void replace(String owner, Collection<ResourceType> types) {
        List<ResourceType> next = new ArrayList<>(snapshot.all());
        for (ResourceType type : types) {
            String existing = owners.get(key(type.group(), type.version(), type.plural()));
            if (existing != null && !existing.equals(owner)) {
                throw new IllegalStateException("resource " + type + " is registered by both " + existing
                        + " and " + owner);
            }
        }
        next.removeIf(t -> owner.equals(owners.get(key(t.group(), t.version(), t.plural()))));
        owners.values().removeIf(owner::equals);
        publish(withTypes(next, owner, types));
    }

    private List<ResourceType> withTypes(List<ResourceType> next, String owner, Collection<ResourceType> types) {
        for (ResourceType type : types) {
            String key = key(type.group(), type.version(), type.plural());
            String existing = owners.get(key);
            if (existing != null && !existing.equals(owner)) {
                throw new IllegalStateException("resource " + type + " is registered by both " + existing
                        + " and " + owner);
            }
            next.removeIf(t -> key(t.group(), t.version(), t.plural()).equals(key));
            owners.put(key, owner);
            next.add(type);
        }
        return next;
    }

    /** Removes every type registered by {@code owner}. */
    public synchronized void unregister(String owner) {
        List<ResourceType> next = new ArrayList<>(snapshot.all());
        next.removeIf(t -> owner.equals(owners.get(key(t.group(), t.version(), t.plural()))));
        owners.values().removeIf(owner::equals);
        publish(next);
    }

    private void publish(List<ResourceType> next) {
        snapshot = new Snapshot(next);
        generation.incrementAndGet();
        listeners.forEach(Runnable::run);
    }

    /** Called after every change, on the registering thread. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Increases with every change; caches key derived data on it. */
    public long generation() {
        return generation.get();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return snapshot.find(group, version, plural);
    }

    static String key(String group, String version, String plural) {
        return group + "/" + version + "/" + plural;
    }

    /** An immutable view of the registered types. */
    public static final class Snapshot {
        private final List<ResourceType> all;
        private final Map<String, ResourceType> byKey = new LinkedHashMap<>();
        private final Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();

        Snapshot(List<ResourceType> types) {
            this.all = List.copyOf(types);
            for (ResourceType t : all) {
                byKey.put(key(t.group(), t.version(), t.plural()), t);
                List<String> versions = versionsByGroup.computeIfAbsent(t.group(), g -> new ArrayList<>());
                if (!versions.contains(t.version())) {
                    versions.add(t.version());
                }
            }
            versionsByGroup.values().forEach(v -> v.sort(ResourceRegistry::compareVersions));
        }

        public List<ResourceType> all() {
            return all;
        }

        public Optional<ResourceType> find(String group, String version, String plural) {
            return Optional.ofNullable(byKey.get(key(group, version, plural)));
        }

        /** Groups in registration order, the core group ("") first when present. */
        public List<String> groups() {
            List<String> groups = new ArrayList<>(versionsByGroup.keySet());
            groups.sort((a, b) -> a.isEmpty() ? -1 : b.isEmpty() ? 1 : 0);
            return groups;
        }

        /** Versions of a group, preferred (most stable, newest) first. */
        public List<String> versions(String group) {
            return versionsByGroup.getOrDefault(group, List.of());
        }

        public List<ResourceType> inGroupVersion(String group, String version) {
            return all.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        }

        /** The type of every stored resource once, in its preferred version (for namespace cleanup). */
        public List<ResourceType> preferredPerResource() {
            Map<String, ResourceType> preferred = new LinkedHashMap<>();
            for (String group : groups()) {
                for (String version : versions(group)) {
                    for (ResourceType t : inGroupVersion(group, version)) {
                        preferred.putIfAbsent(group + "/" + t.plural(), t);
                    }
                }
            }
            return List.copyOf(preferred.values());
        }
    }

    /**
     * Kubernetes' version priority: GA before beta before alpha; within each, higher numbers
     * first (v2 before v1, v1beta2 before v1beta1); non-matching names last, alphabetically.
     */
    static int compareVersions(String a, String b) {
        return Long.compare(versionRank(b), versionRank(a)) != 0
                ? Long.compare(versionRank(b), versionRank(a))
                : a.compareTo(b);
    }

    private static long versionRank(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$").matcher(v);
        if (!m.matches()) {
            return -1;
        }
        long major = Long.parseLong(m.group(1));
        long stability = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
        long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return stability * 1_000_000_000L + major * 10_000L + minor;
    }
}
