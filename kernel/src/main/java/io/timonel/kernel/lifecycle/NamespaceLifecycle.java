package io.timonel.kernel.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.objects.DeleteOptions;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.WatchCache;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps namespaces' lifecycle: the system namespaces exist, and a namespace being deleted
 * (Terminating) has everything in it deleted before its {@code kubernetes} finalizer is removed
 * and the namespace itself goes. Level-based: each pass re-reads the state, so it is idempotent
 * and picks up where a restart left off.
 */
public final class NamespaceLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLifecycle.class);
    /** Namespaces every cluster has. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");
    private static final String FINALIZER = "kubernetes";

    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final ScheduledExecutorService executor;
    private final WriteOptions writer = WriteOptions.system("namespace-controller");
    private java.util.concurrent.ScheduledFuture<?> task;

    public NamespaceLifecycle(ObjectService objects, ResourceRegistry registry, ScheduledExecutorService executor) {
        this.objects = objects;
        this.registry = registry;
        this.executor = executor;
    }

    /** Creates the system namespaces that are missing, then starts finalizing terminating ones. */
    public void start(java.time.Duration period) {
        ResourceType namespaces = namespaceType();
        for (String name : SYSTEM_NAMESPACES) {
            ObjectNode ns = Json.object();
            ns.put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", name);
            try {
                objects.create(namespaces, "", ns, writer);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        task = executor.scheduleWithFixedDelay(this::pass, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ResourceType namespaceType() {
        return registry.find("", "v1", "namespaces")
                .orElseThrow(() -> new IllegalStateException("no plugin provides core/v1 namespaces"));
    }

    /** One pass over all terminating namespaces. */
    void pass() {
        try {
            ResourceType namespaces = namespaceType();
            for (CachedObject ns : objects.cache().list(WatchCache.ROOT + "namespaces/").items()) {
                if (ns.object().path("metadata").hasNonNull("deletionTimestamp")) {
                    finalizeNamespace(namespaces, ns.object().path("metadata").path("name").asText());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("namespace lifecycle pass failed; retrying", e);
        }
    }

    private void finalizeNamespace(ResourceType namespaces, String name) {
        int remaining = 0;
        for (ResourceType type : registry.snapshot().preferredPerResource()) {
            if (!type.namespaced() || !type.verbs().contains("delete")) {
                continue;
            }
            for (CachedObject o : objects.cache().list(io.timonel.kernel.objects.Keys.prefix(type, name)).items()) {
                remaining++;
                if (o.object().path("metadata").hasNonNull("deletionTimestamp")) {
                    continue; // waiting for its finalizers
                }
                try {
                    objects.delete(type, name, o.object().path("metadata").path("name").asText(),
                            new DeleteOptions("Background", null, null, null), writer);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        LOG.warn("cannot delete {} in terminating namespace {}: {}", type, name, e.getMessage());
                    }
                }
            }
        }
        if (remaining > 0) {
            return; // the next pass sees whether they are gone
        }
        try {
            objects.guaranteedUpdate(namespaces, "", name, "", writer, "", current -> {
                JsonNode finalizers = current.path("spec").path("finalizers");
                ArrayNode kept = Json.array();
                finalizers.forEach(f -> {
                    if (!f.asText().equals(FINALIZER)) {
                        kept.add(f);
                    }
                });
                Json.with(current, "spec").set("finalizers", kept);
                return current;
            });
        } catch (ApiException e) {
            if (e.code() != 404) {
                LOG.warn("cannot finalize namespace {}: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
