package io.timonel.plugins.admission.ingressclass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.defaults.DefaultClasses;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.Operation;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code DefaultIngressClass}, mutating, on Ingress creates: an Ingress that names no
 * class (neither {@code spec.ingressClassName} nor the legacy {@code kubernetes.io/ingress.class}
 * annotation) gets the default IngressClass (annotated
 * {@code ingressclass.kubernetes.io/is-default-class: "true"}; the newest when several are), so
 * that {@code kubectl get ingress} shows the class that serves it.
 */
@Extension(ordinal = 50)
public final class DefaultIngressClassAdmission implements AdmissionPlugin {
    static final String DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    @Override
    public String name() {
        return "DefaultIngressClass";
    }

    @Override
    public boolean mutating() {
        return true;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        boolean ingressCreate = request.operation() == Operation.CREATE
                && request.type().group().equals("networking.k8s.io") && request.type().plural().equals("ingresses")
                && request.subresource().isEmpty() && request.object() != null
                && request.object().path("spec").isObject();
        if (!ingressCreate || request.object().path("spec").hasNonNull("ingressClassName")
                || request.object().path("metadata").path("annotations").has(LEGACY_CLASS_ANNOTATION)) {
            return AdmissionResult.allow();
        }
        Optional<String> defaultClass = DefaultClasses.of(request.objects(), "networking.k8s.io", "ingressclasses",
                DEFAULT_ANNOTATION);
        if (defaultClass.isEmpty()) {
            return AdmissionResult.allow();
        }
        ObjectNode ingress = request.object().deepCopy();
        ((ObjectNode) ingress.get("spec")).put("ingressClassName", defaultClass.get());
        return AdmissionResult.mutated(ingress);
    }
}
