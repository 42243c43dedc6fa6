package io.timonel.plugins.admission.tolerations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.admission.resources.Pods;
import io.timonel.spi.admission.AdmissionPlugin;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import java.util.List;
import org.pf4j.Extension;

/**
 * Kubernetes' {@code DefaultTolerationSeconds}, mutating, on pod creates: a pod tolerates a
 * not-ready or unreachable node for 300 seconds before it is evicted, unless it already says
 * how it tolerates those taints.
 */
@Extension(ordinal = 40)
public final class DefaultTolerationSecondsAdmission implements AdmissionPlugin {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final long DEFAULT_SECONDS = 300;

    @Override
    public String name() {
        return "DefaultTolerationSeconds";
    }

    @Override
    public boolean mutating() {
        return true;
    }

    @Override
    public AdmissionResult admit(AdmissionRequest request) {
        if (!Pods.isPodCreate(request) || !request.object().path("spec").isObject()) {
            return AdmissionResult.allow();
        }
        JsonNode existing = request.object().path("spec").path("tolerations");
        boolean notReady = tolerates(existing, NOT_READY);
        boolean unreachable = tolerates(existing, UNREACHABLE);
        if (notReady && unreachable) {
            return AdmissionResult.allow();
        }
        ObjectNode pod = request.object().deepCopy();
        ObjectNode spec = (ObjectNode) pod.get("spec");
        ArrayNode tolerations = spec.path("tolerations").isArray()
                ? (ArrayNode) spec.get("tolerations") : spec.putArray("tolerations");
        for (String key : List.of(NOT_READY, UNREACHABLE)) {
            if (key.equals(NOT_READY) ? !notReady : !unreachable) {
                tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                        .put("tolerationSeconds", DEFAULT_SECONDS);
            }
        }
        return AdmissionResult.mutated(pod);
    }

    /**
     * Whether a toleration already covers the taint's NoExecute effect: one for that key (or for
     * every key, with operator Exists) whose effect is NoExecute or empty, meaning any effect.
     */
    private static boolean tolerates(JsonNode tolerations, String key) {
        for (JsonNode t : tolerations) {
            String k = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean keyMatches = k.equals(key) || (k.isEmpty() && "Exists".equals(t.path("operator").asText()));
            if (keyMatches && (effect.isEmpty() || effect.equals("NoExecute"))) {
                return true;
            }
        }
        return false;
    }
}
