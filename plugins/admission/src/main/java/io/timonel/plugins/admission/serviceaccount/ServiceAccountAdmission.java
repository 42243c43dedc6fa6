package io.timonel.plugins.admission.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.resources.Forbidden;
import io.timonel.plugins.admission.resources.Pods;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code ServiceAccount} admission, mutating, on pod creates: a pod that names no
 * service account runs as {@code default}; a pod that names one that does not exist is refused.
 *
 * <p>The {@code default} service account is taken on trust: nothing creates it yet (that is the
 * service-account controller's job, a later issue), so requiring it would refuse every pod.
 * Other names must exist in the pod's namespace. Tokens are not mounted yet: there is no token
 * controller to issue them, so {@code automountServiceAccountToken} is left as written.
 */
@Extension(ordinal = 20)
public final class ServiceAccountAdmission implements AdmissionPlugin {
    static final String DEFAULT = "default";

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public boolean mutating() {
        return true;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (!Pods.isPodCreate(request) || !(request.object().path("spec") instanceof ObjectNode spec)) {
            return AdmissionResult.allow();
        }
        String account = spec.path("serviceAccountName").asText("");
        if (account.isEmpty()) {
            // serviceAccount is the deprecated spelling; Kubernetes honours it when the new one is unset.
            account = spec.path("serviceAccount").asText("");
        }
        if (account.isEmpty()) {
            ObjectNode pod = request.object().deepCopy();
            ObjectNode podSpec = (ObjectNode) pod.get("spec");
            podSpec.put("serviceAccountName", DEFAULT);
            podSpec.put("serviceAccount", DEFAULT);
            return AdmissionResult.mutated(pod);
        }
        if (!account.equals(DEFAULT)
                && request.objects().get("", "serviceaccounts", request.namespace(), account).isEmpty()) {
            return Forbidden.of(request, "error looking up service account " + request.namespace() + "/" + account
                    + ": serviceaccount \"" + account + "\" not found");
        }
        if (!spec.has("serviceAccountName")) {
            ObjectNode pod = request.object().deepCopy();
            ((ObjectNode) pod.get("spec")).put("serviceAccountName", account);
            return AdmissionResult.mutated(pod);
        }
        return AdmissionResult.allow();
    }
}
