package io.timonel.plugins.coreapi.core;

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

/**
 * ReplicationControllers and PodTemplates. A ReplicationController's selector is a plain label
 * map that defaults to the template's labels (and its labels to the template's as well).
 */
public final class ReplicationControllerRules {

    private ReplicationControllerRules() {
    }

    public static ObjectDefaulter defaulter() {
        return rc -> {
            ObjectNode spec = Json.object(rc, "spec");
            Json.defaultInt(spec, "replicas", 1);
            ObjectNode template = Json.objectOrNull(spec, "template");
            if (template != null) {
                JsonNode labels = template.path("metadata").path("labels");
                if (labels.size() > 0 && spec.path("selector").size() == 0) {
                    spec.set("selector", labels.deepCopy());
                }
                if (labels.size() > 0 && rc.path("metadata").path("labels").size() == 0) {
                    Json.object(rc, "metadata").set("labels", labels.deepCopy());
                }
                PodSpecDefaults.apply(Json.object(template, "spec"));
            }
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (rc, old, out) -> {
            JsonNode spec = rc.path("spec");
            JsonNode selector = spec.path("selector");
            if (selector.size() == 0) {
                out.add(FieldViolation.required("spec.selector"));
            }
            Validation.nonNegative(spec, "replicas", FieldPath.of("spec"), out);
            JsonNode template = spec.get("template");
            if (template == null || template.isNull()) {
                out.add(FieldViolation.required("spec.template"));
                return;
            }
            JsonNode labels = template.path("metadata").path("labels");
            var wanted = selector.fields();
            while (wanted.hasNext()) {
                var e = wanted.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    out.add(FieldViolation.invalid("spec.template.metadata.labels", labels.toString(),
                            "`selector` does not match template `labels`"));
                    break;
                }
            }
            FieldPath podSpec = FieldPath.of("spec.template.spec");
            PodSpecValidation.validate(template.get("spec"), podSpec, out);
            if (template.get("spec") != null) {
                PodSpecValidation.restartPolicyIn(template.get("spec"), List.of("Always"), podSpec, out);
            }
        });
    }

    public static ObjectDefaulter podTemplateDefaulter() {
        return podTemplate -> PodSpecDefaults.apply(Json.object(Json.object(podTemplate, "template"), "spec"));
    }

    public static ObjectValidator podTemplateValidator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (podTemplate, old, out) ->
                PodSpecValidation.validate(podTemplate.path("template").get("spec"), FieldPath.of("template.spec"), out));
    }
}
