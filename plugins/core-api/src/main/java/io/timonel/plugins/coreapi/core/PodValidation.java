package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of a Pod: its name, its spec, and on update that the spec changed only where
 * Kubernetes allows it (container images, activeDeadlineSeconds, added tolerations, added
 * ephemeral containers).
 */
public final class PodValidation {

    static final String IMMUTABLE_SPEC = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
            + "(only additions to existing tolerations)";

    private PodValidation() {
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (pod, old, out) -> {
            PodSpecValidation.validate(pod.get("spec"), FieldPath.of("spec"), old != null, out);
            JsonNode ephemeral = pod.path("spec").path("ephemeralContainers");
            if (old != null && old.get("spec") != null && pod.get("spec") != null) {
                if (!sameExceptMutable(pod.get("spec"), old.get("spec"))) {
                    out.add(FieldViolation.forbidden("spec", IMMUTABLE_SPEC));
                }
                keptEphemeralContainers(ephemeral, old.path("spec").path("ephemeralContainers"), out);
            }
        });
    }

    /**
     * Ephemeral containers are only ever added (through pods/ephemeralcontainers): each one there
     * before stays as it was.
     */
    private static void keptEphemeralContainers(JsonNode now, JsonNode before, List<FieldViolation> out) {
        for (JsonNode was : before) {
            String name = was.path("name").asText();
            JsonNode is = null;
            for (JsonNode c : now) {
                if (c.path("name").asText().equals(name)) {
                    is = c;
                }
            }
            if (is == null) {
                out.add(FieldViolation.forbidden("spec.ephemeralContainers",
                        "existing ephemeral containers \"" + name + "\" may not be removed"));
            } else if (!is.equals(was)) {
                out.add(FieldViolation.forbidden("spec.ephemeralContainers",
                        "existing ephemeral containers \"" + name + "\" may not be changed"));
            }
        }
    }

    /** Compares two specs after blanking what an update may change. */
    static boolean sameExceptMutable(JsonNode spec, JsonNode oldSpec) {
        ObjectNode a = spec.deepCopy();
        ObjectNode b = oldSpec.deepCopy();
        for (String list : new String[] {"containers", "initContainers"}) {
            if (a.path(list).size() == b.path(list).size()) {
                for (int i = 0; i < a.path(list).size(); i++) {
                    if (a.path(list).get(i) instanceof ObjectNode c && b.path(list).get(i) instanceof ObjectNode d) {
                        c.remove("image");
                        d.remove("image");
                    }
                }
            }
        }
        a.remove("activeDeadlineSeconds");
        b.remove("activeDeadlineSeconds");
        a.remove("ephemeralContainers"); // checked on their own: additions only
        b.remove("ephemeralContainers");
        if (containsAll(a.path("tolerations"), b.path("tolerations"))) {
            a.remove("tolerations");
            b.remove("tolerations");
        }
        return a.equals(b);
    }

    private static boolean containsAll(JsonNode now, JsonNode before) {
        if (!(before instanceof ArrayNode) || before.size() == 0) {
            return true;
        }
        List<JsonNode> present = new ArrayList<>();
        now.forEach(present::add);
        for (JsonNode toleration : before) {
            if (!present.contains(toleration)) {
                return false;
            }
        }
        return true;
    }
}
