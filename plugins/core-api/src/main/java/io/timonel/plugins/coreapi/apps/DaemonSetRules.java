package io.timonel.plugins.coreapi.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.IntOrPercent;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Defaults and validation of apps/v1 DaemonSets. */
public final class DaemonSetRules {

    private static final List<String> STRATEGIES = List.of("OnDelete", "RollingUpdate");

    private DaemonSetRules() {
    }

    public static ObjectDefaulter defaulter() {
        return daemonSet -> {
            ObjectNode spec = Json.object(daemonSet, "spec");
            ObjectNode strategy = Json.object(spec, "updateStrategy");
            Json.defaultText(strategy, "type", "RollingUpdate");
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                ObjectNode rolling = Json.object(strategy, "rollingUpdate");
                Json.defaultInt(rolling, "maxUnavailable", 1);
                Json.defaultInt(rolling, "maxSurge", 0);
            }
            Json.defaultInt(spec, "revisionHistoryLimit", 10);
            TemplateRules.defaultTemplate(spec);
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (daemonSet, old, out) -> {
            TemplateRules.check(daemonSet, old, "daemonset", List.of("Always"), out);
            JsonNode strategy = daemonSet.path("spec").path("updateStrategy");
            FieldPath at = FieldPath.of("spec.updateStrategy");
            Validation.oneOf(Json.text(strategy, "type"), STRATEGIES, at.child("type"), out);
            if (strategy.get("rollingUpdate") instanceof ObjectNode rolling) {
                IntOrPercent.check(rolling, "maxUnavailable", at.child("rollingUpdate"), out);
                IntOrPercent.check(rolling, "maxSurge", at.child("rollingUpdate"), out);
            }
        });
    }
}
