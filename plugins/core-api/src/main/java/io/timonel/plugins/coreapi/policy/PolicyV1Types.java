package io.timonel.plugins.coreapi.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.IntOrPercent;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.LabelSelectors;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/** policy/v1: PodDisruptionBudgets. */
public final class PolicyV1Types {

    private PolicyV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(kinds.define(V1PodDisruptionBudget.class, "policy", "v1", "PodDisruptionBudget",
                        "poddisruptionbudgets")
                .shortNames("pdb").statusSubresource()
                .printerColumn(Columns.string("MIN AVAILABLE", "Pods that must stay available",
                        o -> orNA(o.path("spec").get("minAvailable"))))
                .printerColumn(Columns.string("MAX UNAVAILABLE", "Pods that may be unavailable",
                        o -> orNA(o.path("spec").get("maxUnavailable"))))
                .printerColumn(Columns.count("ALLOWED DISRUPTIONS", ".status.disruptionsAllowed",
                        "Evictions currently allowed"))
                .printerColumn(Columns.age())
                .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (pdb, old, out) -> {
                    JsonNode spec = pdb.path("spec");
                    if (isSet(spec.get("minAvailable")) && isSet(spec.get("maxUnavailable"))) {
                        out.add(FieldViolation.invalid("spec", spec.toString(),
                                "minAvailable and maxUnavailable cannot be both set"));
                    }
                    IntOrPercent.check(spec, "minAvailable", FieldPath.of("spec"), out);
                    IntOrPercent.check(spec, "maxUnavailable", FieldPath.of("spec"), out);
                    LabelSelectors.validate(spec.get("selector"), FieldPath.of("spec.selector"), out);
                }))
                .build());
    }

    private static boolean isSet(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static String orNA(JsonNode value) {
        return isSet(value) ? value.asText() : "N/A";
    }
}
