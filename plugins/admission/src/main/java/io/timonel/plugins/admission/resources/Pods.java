package io.timonel.plugins.admission.resources;

import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.Operation;

/** Which requests concern pods themselves, the way the pod admission plugins select them. */
public final class Pods {
    private Pods() {
    }

    /** A create of a core/v1 pod (not a subresource). */
    public static boolean isPodCreate(AdmissionRequest r) {
        return r.operation() == Operation.CREATE && isPod(r);
    }

    /** Any write to the main resource of a core/v1 pod. */
    public static boolean isPod(AdmissionRequest r) {
        return r.type().group().isEmpty() && r.type().plural().equals("pods") && r.subresource().isEmpty()
                && r.object() != null;
    }
}
