package io.timonel.plugins.coreapi.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.core.PodSpecDefaults;
import io.timonel.plugins.coreapi.core.PodSpecValidation;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.LabelSelectors;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import java.util.List;

/**
 * What the workloads that own pods (Deployment, ReplicaSet, StatefulSet, DaemonSet) check alike:
 * a selector that is set, well formed, matches the template's labels and never changes, and a
 * valid pod template whose pods always restart.
 */
public final class TemplateRules {

    private TemplateRules() {
    }

    /** Applies the pod defaults to {@code spec.template.spec}. */
    public static void defaultTemplate(ObjectNode spec) {
        ObjectNode template = Json.object(spec, "template");
        PodSpecDefaults.apply(Json.object(template, "spec"));
    }

    /**
     * Checks selector and template of {@code object.spec} on create and update.
     *
     * @param kind lowercase kind for messages, e.g. {@code deployment}
     */
    public static void check(JsonNode object, JsonNode old, String kind, List<String> restartPolicies,
                             List<FieldViolation> out) {
        JsonNode spec = object.path("spec");
        FieldPath at = FieldPath.of("spec");
        JsonNode selector = spec.get("selector");
        if (selector == null || selector.isNull()) {
            out.add(FieldViolation.required(at.child("selector").path()));
        } else if (LabelSelectors.isEmpty(selector)) {
            out.add(FieldViolation.invalid(at.child("selector").path(), selector.toString(),
                    "empty selector is invalid for " + kind));
        } else {
            int before = out.size();
            LabelSelectors.validate(selector, at.child("selector"), out);
            JsonNode labels = spec.path("template").path("metadata").path("labels");
            // A malformed selector matches nothing meaningful; Kubernetes reports only the selector.
            if (out.size() == before && !LabelSelectors.matches(selector, labels)) {
                out.add(FieldViolation.invalid("spec.template.metadata.labels", labels.toString(),
                        "`selector` does not match template `labels`"));
            }
        }
        Validation.nonNegative(spec, "replicas", at, out);
        Validation.nonNegative(spec, "minReadySeconds", at, out);
        Validation.nonNegative(spec, "revisionHistoryLimit", at, out);
        FieldPath podSpec = at.child("template").child("spec");
        JsonNode template = spec.path("template").get("spec");
        PodSpecValidation.validate(template, podSpec, out);
        if (template != null) {
            PodSpecValidation.restartPolicyIn(template, restartPolicies, podSpec, out);
            JsonNode deadline = template.get("activeDeadlineSeconds");
            if (deadline != null && !deadline.isNull()) {
                String owner = switch (kind) {
                    case "daemonset" -> "DaemonSet";
                    case "statefulset" -> "StatefulSet";
                    default -> "ReplicaSet";
                };
                out.add(FieldViolation.forbidden(podSpec.child("activeDeadlineSeconds").path(),
                        "activeDeadlineSeconds in " + owner + " is not Supported"));
            }
        }
        if (old != null) {
            Validation.immutable(spec.get("selector"), old.path("spec").get("selector"), at.child("selector"), out);
        }
    }
}
