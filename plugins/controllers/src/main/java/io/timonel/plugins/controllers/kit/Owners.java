package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;

/** Owner references: who controls an object, and the reference a controller puts on what it creates. */
public final class Owners {
    private Owners() {
    }

    /** The owner reference with {@code controller: true}, if any. */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return object.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }

    /** Whether {@code object} is controlled by the object with {@code uid}. */
    public static boolean isControlledBy(HasMetadata object, String uid) {
        return controllerOf(object).map(ref -> uid.equals(ref.getUid())).orElse(false);
    }

    /**
     * The reference a controller sets on what it creates: controller and blockOwnerDeletion true,
     * so that foreground deletion of the owner waits for its dependents.
     */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
