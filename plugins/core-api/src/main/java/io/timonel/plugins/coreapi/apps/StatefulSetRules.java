package io.timonel.plugins.coreapi.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Defaults and validation of apps/v1 StatefulSets. */
public final class StatefulSetRules {

    private static final List<String> POLICIES = List.of("OrderedReady", "Parallel");
    private static final List<String> STRATEGIES = List.of("RollingUpdate", "OnDelete");
    /** The spec fields an update may change; every other one is fixed at creation. */
    private static final List<String> MUTABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
            "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit");

    private StatefulSetRules() {
    }

    public static ObjectDefaulter defaulter() {
        return statefulSet -> {
            ObjectNode spec = Json.object(statefulSet, "spec");
            Json.defaultInt(spec, "replicas", 1);
            Json.defaultText(spec, "podManagementPolicy", "OrderedReady");
            ObjectNode strategy = Json.object(spec, "updateStrategy");
            Json.defaultText(strategy, "type", "RollingUpdate");
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                Json.defaultInt(Json.object(strategy, "rollingUpdate"), "partition", 0);
            }
            Json.defaultInt(spec, "revisionHistoryLimit", 10);
            ObjectNode retention = Json.object(spec, "persistentVolumeClaimRetentionPolicy");
            Json.defaultText(retention, "whenDeleted", "Retain");
            Json.defaultText(retention, "whenScaled", "Retain");
            for (ObjectNode claim : Json.objects(spec, "volumeClaimTemplates")) {
                Json.defaultText(Json.object(claim, "spec"), "volumeMode", "Filesystem");
                Json.defaultText(Json.object(claim, "status"), "phase", "Pending");
            }
            TemplateRules.defaultTemplate(spec);
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (statefulSet, old, out) -> {
            TemplateRules.check(statefulSet, old, "statefulset", List.of("Always"), out);
            JsonNode spec = statefulSet.path("spec");
            FieldPath at = FieldPath.of("spec");
            Validation.oneOf(Json.text(spec, "podManagementPolicy"), POLICIES, at.child("podManagementPolicy"), out);
            Validation.oneOf(Json.text(spec, "updateStrategy", "type"), STRATEGIES,
                    at.child("updateStrategy").child("type"), out);
            if (old != null && spec.isObject() && old.path("spec").isObject()) {
                ObjectNode now = spec.deepCopy();
                ObjectNode before = old.path("spec").deepCopy();
                now.remove(MUTABLE);
                before.remove(MUTABLE);
                if (!now.equals(before)) {
                    out.add(FieldViolation.forbidden("spec", "updates to statefulset spec for fields other than "
                            + "'replicas', 'ordinals', 'template', 'updateStrategy', "
                            + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                }
            }
        });
    }
}
