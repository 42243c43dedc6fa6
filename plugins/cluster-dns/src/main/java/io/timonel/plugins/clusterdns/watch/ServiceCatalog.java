package io.timonel.plugins.clusterdns.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.ServiceRecords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins Services with their EndpointSlices (label {@code kubernetes.io/service-name}) and keeps
 * the {@link RecordIndex} current: each event recomputes the records of the one Service it
 * touches. Slices may arrive before their Service; they wait for it. Thread-safe (one lock).
 */
public final class ServiceCatalog {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final RecordIndex index;
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Map<String, EndpointSlice>> slices = new HashMap<>();

    public ServiceCatalog(RecordIndex index) {
        this.index = index;
    }

    public synchronized void serviceChanged(Service service) {
        String key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
        services.put(key, service);
        refresh(key);
    }

    public synchronized void serviceDeleted(Service service) {
        String key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
        services.remove(key);
        refresh(key);
    }

    public synchronized void sliceChanged(EndpointSlice slice) {
        String key = serviceKey(slice);
        if (key != null) {
            slices.computeIfAbsent(key, k -> new HashMap<>()).put(slice.getMetadata().getName(), slice);
            refresh(key);
        }
    }

    public synchronized void sliceDeleted(EndpointSlice slice) {
        String key = serviceKey(slice);
        if (key == null) {
            return;
        }
        Map<String, EndpointSlice> of = slices.get(key);
        if (of != null) {
            of.remove(slice.getMetadata().getName());
            if (of.isEmpty()) {
                slices.remove(key);
            }
        }
        refresh(key);
    }

    private void refresh(String key) {
        Service service = services.get(key);
        if (service == null) {
            index.apply(key, Map.of());
            return;
        }
        index.apply(key, ServiceRecords.of(index.zone(), service,
                List.copyOf(slices.getOrDefault(key, Map.of()).values())));
    }

    private static String serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return service == null ? null : key(slice.getMetadata().getNamespace(), service);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
