package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One informer per resource type, shared by every loop that watches it, so the server sees one
 * watch per type however many controllers read it. Loops ask for informers before
 * {@link #startAll}; their caches are what reconcilers read.
 */
public final class Informers implements AutoCloseable {
    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> byType = new LinkedHashMap<>();

    public Informers(KubernetesClient client) {
        this.client = client;
    }

    /** The shared informer over every namespace for {@code type}, created (not started) on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> of(Class<T> type) {
        return (SharedIndexInformer<T>) byType.computeIfAbsent(type,
                t -> client.resources(type).inAnyNamespace().runnableInformer(0));
    }

    /** Starts every informer asked for so far and waits until each has listed its type. */
    public void startAll(Duration limit) throws Exception {
        List<CompletableFuture<?>> started = new ArrayList<>();
        synchronized (this) {
            for (SharedIndexInformer<?> informer : byType.values()) {
                if (!informer.isRunning()) {
                    started.add(informer.start().toCompletableFuture());
                }
            }
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        byType.values().forEach(SharedIndexInformer::close);
        byType.clear();
    }
}
