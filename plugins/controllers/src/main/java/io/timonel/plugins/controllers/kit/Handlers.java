package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer event handlers that turn events into work-queue keys. */
public final class Handlers {
    private Handlers() {
    }

    /** Every add, update and delete of an object queues that object's own key. */
    public static <T extends HasMetadata> ResourceEventHandler<T> enqueue(WorkQueue queue) {
        return onAny(object -> queue.add(Keys.of(object)));
    }

    /**
     * Every event of an object queues the key of its controller, if that controller is of
     * {@code ownerKind} (pods → their ReplicaSet, ReplicaSets → their Deployment).
     */
    public static <T extends HasMetadata> ResourceEventHandler<T> enqueueController(WorkQueue queue, String ownerKind) {
        return onAny(object -> Owners.controllerOf(object)
                .filter(ref -> ownerKind.equals(ref.getKind()))
                .ifPresent(ref -> queue.add(Keys.of(object.getMetadata().getNamespace(), ref.getName()))));
    }

    /** Calls {@code action} with the new state on add and update, and the last known state on delete. */
    public static <T extends HasMetadata> ResourceEventHandler<T> onAny(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                action.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                action.accept(object);
            }
        };
    }
}
