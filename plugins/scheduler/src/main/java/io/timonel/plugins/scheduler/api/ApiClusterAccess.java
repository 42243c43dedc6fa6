package io.timonel.plugins.scheduler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.Status;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@link ClusterAccess} over the API server: writes through {@link RestCalls}, reads from informer stores. */
public final class ApiClusterAccess implements ClusterAccess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestCalls bindings;
    private final RestCalls rest;
    private final PodStatusWriter status;
    private final EventRecorder events;
    private final Supplier<Store<PersistentVolumeClaim>> claims;
    private final Supplier<Store<StorageClass>> storageClasses;

    /** The stores are suppliers because the informers start after the profiles are built; null store: empty. */
    /**
     * @param bindings the requests of bindings (their own threads)
     * @param rest     every other write
     */
    public ApiClusterAccess(RestCalls bindings, RestCalls rest, PodStatusWriter status, EventRecorder events,
                            Supplier<Store<PersistentVolumeClaim>> claims, Supplier<Store<StorageClass>> storageClasses) {
        this.bindings = bindings;
        this.rest = rest;
        this.status = status;
        this.events = events;
        this.claims = claims;
        this.storageClasses = storageClasses;
    }

    @Override
    public CompletionStage<Status> bind(Pod pod, String nodeName) {
        ObjectNode binding = JSON.createObjectNode();
        binding.put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.getMetadata().getName()).put("namespace", pod.getMetadata().getNamespace())
                .put("uid", pod.getMetadata().getUid());
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
        return bindings.send("POST", "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                        + pod.getMetadata().getName() + "/binding", "application/json", binding.toString())
                .thenApply(r -> r.ok() ? Status.success() : Status.error("binding rejected: " + r.describe()));
    }

    @Override
    public CompletionStage<Status> evict(Pod victim, Pod preemptor, String reason) {
        events.record(victim, "Normal", "Preempted", "Preempting", reason);
        ObjectNode options = JSON.createObjectNode();
        options.put("apiVersion", "v1").put("kind", "DeleteOptions");
        options.putObject("preconditions").put("uid", victim.getMetadata().getUid());
        return rest.send("DELETE", "/api/v1/namespaces/" + victim.getMetadata().getNamespace() + "/pods/"
                        + victim.getMetadata().getName(), "application/json", options.toString())
                .thenApply(r -> r.ok() || r.status() == 404 ? Status.success() : Status.error("delete refused: " + r.describe()));
    }

    @Override
    public CompletionStage<Status> nominate(Pod pod, String nodeName) {
        return status.nominate(pod, nodeName).thenApply(r -> r.ok() ? Status.success() : Status.error(r.describe()));
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        Store<PersistentVolumeClaim> store = claims.get();
        return store == null ? Optional.empty() : Optional.ofNullable(store.getByKey(namespace + "/" + name));
    }

    @Override
    public Optional<String> volumeBindingMode(String storageClassName) {
        Store<StorageClass> store = storageClasses.get();
        StorageClass sc = store == null ? null : store.getByKey(storageClassName);
        return sc == null ? Optional.empty() : Optional.ofNullable(sc.getVolumeBindingMode());
    }
}
