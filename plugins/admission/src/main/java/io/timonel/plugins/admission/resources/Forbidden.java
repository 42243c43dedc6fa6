package io.timonel.plugins.admission.resources;

import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;

/** Refusals worded as Kubernetes' built-in admission words them. */
public final class Forbidden {
    private Forbidden() {
    }

    /** {@code pods "x" is forbidden: <reason>}, with {@code <resource>.<group>} outside the core group. */
    public static AdmissionResult of(AdmissionRequest request, String reason) {
        String group = request.type().group();
        String resource = request.type().plural() + (group.isEmpty() ? "" : "." + group);
        return AdmissionResult.deny(resource + " \"" + request.name() + "\" is forbidden: " + reason);
    }
}
