package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.DeleteOptions;
import io.timonel.kernel.objects.Keys;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.kernel.watch.CacheEvent;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.TooOldResourceVersionException;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.kernel.watch.WatchSink;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves CustomResourceDefinitions: each stored CRD's versions are registered as resource types
 * (so discovery, OpenAPI, validation and the REST paths follow within a moment), its status gets
 * {@code NamesAccepted} and {@code Established}, and a deleted CRD takes its objects with it
 * before it goes (the {@code customresourcecleanup.apiextensions.k8s.io} finalizer).
 * Level-based: every CRD event queues the CRD's name, and handling a name re-reads its state.
 */
public final class CrdController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrdController.class);
    static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
    private static final String PREFIX = WatchCache.ROOT + "apiextensions.k8s.io/customresourcedefinitions/";
    private static final Object STOP = new Object();

    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final java.util.concurrent.ScheduledExecutorService retries;
    /** The generation of each CRD whose types are registered, so unchanged CRDs are not re-registered. */
    private final java.util.Map<String, Long> registered = new java.util.concurrent.ConcurrentHashMap<>();
    /** The types registered for each served CRD: the CRD's own, excluded when looking for name clashes. */
    private final java.util.Map<String, List<ResourceType>> served = new java.util.concurrent.ConcurrentHashMap<>();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final WriteOptions writer = WriteOptions.system("apiextensions-controller");
    private final Thread worker = new Thread(this::run, "crd-controller");
    private WatchCache.Subscription subscription;

    public CrdController(ObjectService objects, ResourceRegistry registry,
                         java.util.concurrent.ScheduledExecutorService retries) {
        this.objects = objects;
        this.retries = retries;
        this.registry = registry;
    }

    /** Registers the CRDs already stored (before the server listens), then follows changes. */
    public void start() throws TooOldResourceVersionException {
        // CRDs that held their names before go first, so a restart does not hand names to a rival.
        List<CachedObject> stored = new java.util.ArrayList<>(objects.cache().list(PREFIX).items());
        stored.sort(java.util.Comparator.comparing(c -> namesAccepted(c.object()) ? 0 : 1));
        for (CachedObject crd : stored) {
            handle(crd.key().substring(PREFIX.length()));
        }
        subscription = objects.cache().watch(PREFIX, objects.cache().revision(), false, new WatchSink() {
            @Override
            public void onEvent(CacheEvent event) {
                queue.offer(event.object().key().substring(PREFIX.length()));
            }

            @Override
            public void onClose(String reason) {
                queue.offer(STOP);
            }
        });
        worker.setDaemon(true);
        worker.start();
    }

    private void run() {
        while (true) {
            Object item;
            try {
                item = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                return;
            }
            if (item instanceof String name) {
                try {
                    handle(name);
                } catch (RuntimeException e) {
                    LOG.warn("CRD {} not reconciled; retrying", name, e);
                    retryLater(name);
                }
            }
        }
    }

    private void retryLater(String name) {
        retries.schedule(() -> queue.offer(name), 300, TimeUnit.MILLISECONDS);
    }

    private void handle(String name) {
        CachedObject cached = objects.cache().get(PREFIX + name);
        if (cached == null) {
            stopServing(name);
            return;
        }
        ObjectNode crd = cached.object();
        ResourceType crdType = crdType();
        if (crd.path("metadata").hasNonNull("deletionTimestamp")) {
            cleanUp(crdType, name, crd);
            return;
        }
        if (!hasFinalizer(crd)) {
            objects.guaranteedUpdate(crdType, "", name, "", writer, "", current -> {
                if (!hasFinalizer(current)) {
                    Json.with(current, "metadata").withArray("finalizers").add(CLEANUP_FINALIZER);
                }
                return current;
            });
            return; // the update's event brings us back
        }
        List<ResourceType> mine = served.getOrDefault(name, List.of());
        List<ResourceType> others = registry.snapshot().all().stream()
                .filter(t -> mine.stream().noneMatch(m -> m == t)).toList();
        NameConflict conflict = NameConflict.find(crd, others).orElse(null);
        long generation = crd.path("metadata").path("generation").asLong(0);
        if (conflict != null) {
            stopServing(name);
        } else if (!Long.valueOf(generation).equals(registered.get(name))) {
            // A changed CRD is served from freshly built types (new schemas, defaults, columns),
            // swapped in at once: its objects never answer 404 while it changes.
            try {
                List<ResourceType> types = CrdTypes.of(crd);
                registry.replace(owner(name), types);
                boolean wasServed = served.put(name, types) != null;
                registered.put(name, generation);
                if (wasServed) {
                    requeueRefusedNames(); // names it dropped may be free now
                }
            } catch (IllegalStateException e) {
                stopServing(name);
                conflict = new NameConflict("PluralConflict", e.getMessage());
            }
        }
        writeStatus(crdType, name, conflict);
    }

    private static String owner(String name) {
        return "crd:" + name;
    }

    /**
     * Unregisters the CRD's types. Names it held may now be free, so CRDs refused for a name
     * clash are looked at again.
     */
    private void stopServing(String name) {
        if (served.remove(name) == null) {
            registered.remove(name);
            return;
        }
        registry.unregister(owner(name));
        registered.remove(name);
        requeueRefusedNames();
    }

    private void requeueRefusedNames() {
        for (CachedObject other : objects.cache().list(PREFIX).items()) {
            if (!namesAccepted(other.object())) {
                queue.offer(other.key().substring(PREFIX.length()));
            }
        }
    }

    private static boolean namesAccepted(JsonNode crd) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if ("NamesAccepted".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    private void writeStatus(ResourceType crdType, String name, NameConflict conflict) {
        objects.guaranteedUpdate(crdType, "", name, "status", writer, "", current -> {
            ObjectNode status = Json.with(current, "status");
            JsonNode spec = current.path("spec");
            ArrayNode conditions = Json.array();
            String now = objects.now();
            JsonNode previous = current.path("status").path("conditions");
            conditions.add(condition(previous, "NamesAccepted", conflict == null ? "True" : "False",
                    conflict == null ? "NoConflicts" : conflict.reason(),
                    conflict == null ? "no conflicts found" : conflict.message(), now));
            conditions.add(condition(previous, "Established", conflict == null ? "True" : "False",
                    conflict == null ? "InitialNamesAccepted" : "NotAccepted",
                    conflict == null ? "the initial names have been accepted" : "not all names are accepted", now));
            status.set("conditions", conditions);
            if (conflict == null) {
                status.set("acceptedNames", spec.path("names").deepCopy());
            }
            // Versions ever used for storage stay listed, in the order they were first used.
            ArrayNode stored = Json.array();
            java.util.Set<String> seen = new java.util.HashSet<>();
            current.path("status").path("storedVersions").forEach(v -> {
                if (seen.add(v.asText())) {
                    stored.add(v.asText());
                }
            });
            spec.path("versions").forEach(v -> {
                if (v.path("storage").asBoolean(false) && seen.add(v.path("name").asText())) {
                    stored.add(v.path("name").asText());
                }
            });
            status.set("storedVersions", stored);
            return current;
        });
    }

    /** A condition, keeping its lastTransitionTime when the status did not change. */
    private static ObjectNode condition(JsonNode previous, String type, String status, String reason, String message,
                                        String now) {
        String since = now;
        for (JsonNode c : previous) {
            if (type.equals(c.path("type").asText()) && status.equals(c.path("status").asText())) {
                since = c.path("lastTransitionTime").asText(now);
            }
        }
        ObjectNode c = Json.object();
        c.put("type", type).put("status", status).put("lastTransitionTime", since).put("reason", reason)
                .put("message", message);
        return c;
    }

    private void cleanUp(ResourceType crdType, String name, ObjectNode crd) {
        // Only types this CRD owned: a CRD refused for a name clash must not delete its rival's objects.
        List<ResourceType> types = served.get(name);
        if (types == null) {
            types = namesAccepted(crd) && NameConflict.find(crd, registry.snapshot().all()).isEmpty()
                    ? CrdTypes.of(crd) : List.of();
        }
        int remaining = 0;
        if (!types.isEmpty()) {
            ResourceType type = types.get(0);
            for (CachedObject o : objects.cache().list(Keys.prefix(type, "")).items()) {
                remaining++;
                JsonNode meta = o.object().path("metadata");
                if (meta.hasNonNull("deletionTimestamp")) {
                    continue;
                }
                try {
                    objects.delete(type, meta.path("namespace").asText(""), meta.path("name").asText(),
                            DeleteOptions.DEFAULT, writer);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
        }
        if (remaining > 0) {
            retryLater(name);
            return;
        }
        stopServing(name);
        objects.guaranteedUpdate(crdType, "", name, "", writer, "", current -> {
            ArrayNode kept = Json.array();
            current.path("metadata").path("finalizers").forEach(f -> {
                if (!f.asText().equals(CLEANUP_FINALIZER)) {
                    kept.add(f);
                }
            });
            Json.with(current, "metadata").set("finalizers", kept);
            return current;
        });
    }

    private static boolean hasFinalizer(JsonNode crd) {
        for (JsonNode f : crd.path("metadata").path("finalizers")) {
            if (CLEANUP_FINALIZER.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private ResourceType crdType() {
        return registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
                .orElseThrow(() -> new IllegalStateException("no plugin provides apiextensions.k8s.io/v1 CRDs"));
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        queue.offer(STOP);
    }
}
