package io.timonel.plugins.admission.storageclass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.defaults.DefaultClasses;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.Operation;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code DefaultStorageClass}, mutating, on PersistentVolumeClaim creates: a claim
 * that names no class gets the cluster's default StorageClass (annotated
 * {@code storageclass.kubernetes.io/is-default-class: "true"}; the newest when several are, as
 * Kubernetes does). A claim with {@code storageClassName: ""} asks for no class and is left alone.
 */
@Extension(ordinal = 50)
public final class DefaultStorageClassAdmission implements AdmissionPlugin {
    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    @Override
    public String name() {
        return "DefaultStorageClass";
    }

    @Override
    public boolean mutating() {
        return true;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        boolean claimCreate = request.operation() == Operation.CREATE && request.type().group().isEmpty()
                && request.type().plural().equals("persistentvolumeclaims") && request.subresource().isEmpty()
                && request.object() != null && request.object().path("spec").isObject();
        if (!claimCreate || request.object().path("spec").has("storageClassName")) {
            return AdmissionResult.allow();
        }
        Optional<String> defaultClass = DefaultClasses.of(request.objects(), "storage.k8s.io", "storageclasses",
                DEFAULT_ANNOTATION);
        if (defaultClass.isEmpty()) {
            return AdmissionResult.allow();
        }
        ObjectNode claim = request.object().deepCopy();
        ((ObjectNode) claim.get("spec")).put("storageClassName", defaultClass.get());
        return AdmissionResult.mutated(claim);
    }
}
