package io.timonel.plugins.clusterdns.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;

/**
 * Feeds a {@link ServiceCatalog} from informers on every namespace's Services and EndpointSlices:
 * the watch cache the answers come from. A change reaches the index as soon as its watch event
 * arrives.
 */
public final class ClusterWatch implements AutoCloseable {
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;

    private ClusterWatch(SharedIndexInformer<Service> services, SharedIndexInformer<EndpointSlice> slices) {
        this.services = services;
        this.slices = slices;
    }

    /** Starts both informers (their first lists complete in the background). */
    public static ClusterWatch start(KubernetesClient client, ServiceCatalog catalog) {
        SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(0);
        services.addEventHandler(handler(catalog::serviceChanged, catalog::serviceDeleted));
        SharedIndexInformer<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace()
                .runnableInformer(0);
        slices.addEventHandler(handler(catalog::sliceChanged, catalog::sliceDeleted));
        services.start();
        slices.start();
        return new ClusterWatch(services, slices);
    }

    /** Whether both informers have listed once. */
    public boolean synced() {
        return services.hasSynced() && slices.hasSynced();
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    @Override
    public void close() {
        services.stop();
        slices.stop();
    }
}
