package io.timonel.plugins.coreapi.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.IntOrPercent;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Defaults and validation of apps/v1 Deployments. */
public final class DeploymentRules {

    private static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");

    private DeploymentRules() {
    }

    public static ObjectDefaulter defaulter() {
        return deployment -> {
            ObjectNode spec = Json.object(deployment, "spec");
            Json.defaultInt(spec, "replicas", 1);
            ObjectNode strategy = Json.object(spec, "strategy");
            Json.defaultText(strategy, "type", "RollingUpdate");
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                ObjectNode rolling = Json.object(strategy, "rollingUpdate");
                Json.defaultText(rolling, "maxUnavailable", "25%");
                Json.defaultText(rolling, "maxSurge", "25%");
            }
            Json.defaultInt(spec, "revisionHistoryLimit", 10);
            Json.defaultInt(spec, "progressDeadlineSeconds", 600);
            TemplateRules.defaultTemplate(spec);
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (deployment, old, out) -> {
            TemplateRules.check(deployment, old, "deployment", List.of("Always"), out);
            JsonNode strategy = deployment.path("spec").path("strategy");
            FieldPath at = FieldPath.of("spec.strategy");
            String type = Json.text(strategy, "type");
            Validation.oneOf(type, STRATEGIES, at.child("type"), out);
            JsonNode rolling = strategy.get("rollingUpdate");
            if ("Recreate".equals(type) && rolling != null && !rolling.isNull()) {
                out.add(FieldViolation.forbidden(at.child("rollingUpdate").path(),
                        "may not be specified when strategy `type` is 'Recreate'"));
            }
            if (rolling != null && rolling.isObject()) {
                IntOrPercent.check(rolling, "maxUnavailable", at.child("rollingUpdate"), out);
                IntOrPercent.check(rolling, "maxSurge", at.child("rollingUpdate"), out);
                if (IntOrPercent.isZero(rolling.get("maxUnavailable")) && IntOrPercent.isZero(rolling.get("maxSurge"))) {
                    out.add(FieldViolation.invalid(at.child("rollingUpdate").child("maxUnavailable").path(),
                            rolling.get("maxUnavailable").asText(), "may not be 0 when `maxSurge` is 0"));
                }
            }
            JsonNode progress = deployment.path("spec").get("progressDeadlineSeconds");
            JsonNode minReady = deployment.path("spec").get("minReadySeconds");
            if (progress != null && progress.isNumber() && minReady != null && minReady.isNumber()
                    && progress.asLong() <= minReady.asLong()) {
                out.add(FieldViolation.invalid("spec.progressDeadlineSeconds", progress.asLong(),
                        "must be greater than minReadySeconds"));
            }
        });
    }
}
