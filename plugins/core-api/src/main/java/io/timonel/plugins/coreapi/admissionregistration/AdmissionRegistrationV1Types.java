package io.timonel.plugins.coreapi.admissionregistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1ValidatingAdmissionPolicy;
import io.kubernetes.client.openapi.models.V1ValidatingAdmissionPolicyBinding;
import io.kubernetes.client.openapi.models.V1ValidatingWebhookConfiguration;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.NameRules;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import io.timonel.spi.resource.ResourceType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.timonel.spi.resource.PrinterColumn;

/** admissionregistration.k8s.io/v1: webhook configurations and validating admission policies. */
public final class AdmissionRegistrationV1Types {

    private static final String GROUP = "admissionregistration.k8s.io";
    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun");

    private AdmissionRegistrationV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                kinds.define(V1MutatingWebhookConfiguration.class, GROUP, "v1", "MutatingWebhookConfiguration",
                                "mutatingwebhookconfigurations")
                        .clusterScoped().categories("api-extensions")
                        .printerColumn(webhooks()).printerColumn(Columns.age())
                        .defaulter(webhookDefaults(true))
                        .validator(webhookValidation())
                        .build(),
                kinds.define(V1ValidatingWebhookConfiguration.class, GROUP, "v1", "ValidatingWebhookConfiguration",
                                "validatingwebhookconfigurations")
                        .clusterScoped().categories("api-extensions")
                        .printerColumn(webhooks()).printerColumn(Columns.age())
                        .defaulter(webhookDefaults(false))
                        .validator(webhookValidation())
                        .build(),
                kinds.define(V1ValidatingAdmissionPolicy.class, GROUP, "v1", "ValidatingAdmissionPolicy",
                                "validatingadmissionpolicies")
                        .clusterScoped().categories("api-extensions").statusSubresource()
                        .printerColumn(Columns.integer("VALIDATIONS", "The number of validations",
                                o -> o.path("spec").path("validations").size()))
                        .printerColumn(Columns.string("PARAMKIND", "The kind of the parameters", o -> {
                            JsonNode p = o.path("spec").path("paramKind");
                            return p.isObject() ? p.path("apiVersion").asText() + "/" + p.path("kind").asText()
                                    : "<unset>";
                        }))
                        .printerColumn(Columns.age())
                        .defaulter(policy -> {
                            ObjectNode spec = Json.object(policy, "spec");
                            Json.defaultText(spec, "failurePolicy", "Fail");
                            matchDefaults(Json.object(spec, "matchConstraints"));
                        })
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (policy, old, out) -> {
                            Validation.oneOf(Json.text(policy, "spec", "failurePolicy"), FAILURE_POLICIES,
                                    FieldPath.of("spec.failurePolicy"), out);
                            JsonNode validations = policy.path("spec").path("validations");
                            for (int i = 0; i < validations.size(); i++) {
                                String expression = Json.text(validations.get(i), "expression");
                                if (expression == null || expression.isBlank()) {
                                    out.add(FieldViolation.required("spec.validations[" + i + "].expression"));
                                }
                            }
                        }))
                        .build(),
                kinds.define(V1ValidatingAdmissionPolicyBinding.class, GROUP, "v1",
                                "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings")
                        .clusterScoped().categories("api-extensions")
                        .printerColumn(Columns.path("POLICYNAME", "string", ".spec.policyName", "The bound policy"))
                        .printerColumn(Columns.string("PARAMREF", "The parameters", o -> {
                            JsonNode p = o.path("spec").path("paramRef");
                            return p.isObject() ? p.path("namespace").asText("") + "/" + p.path("name").asText("")
                                    : "<unset>";
                        }))
                        .printerColumn(Columns.age())
                        .defaulter(binding -> {
                            ObjectNode match = Json.objectOrNull(Json.object(binding, "spec"), "matchResources");
                            if (match != null) {
                                matchDefaults(match);
                            }
                        })
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (binding, old, out) -> {
                            String policy = Json.text(binding, "spec", "policyName");
                            if (policy == null || policy.isEmpty()) {
                                out.add(FieldViolation.required("spec.policyName"));
                            }
                            if (binding.path("spec").path("validationActions").size() == 0) {
                                out.add(FieldViolation.required("spec.validationActions"));
                            }
                        }))
                        .build());
    }

    private static PrinterColumn webhooks() {
        return Columns.integer("WEBHOOKS", "The number of webhooks", o -> o.path("webhooks").size());
    }

    private static void matchDefaults(ObjectNode match) {
        Json.defaultText(match, "matchPolicy", "Equivalent");
        Json.object(match, "namespaceSelector");
        Json.object(match, "objectSelector");
    }

    private static ObjectDefaulter webhookDefaults(boolean mutating) {
        return configuration -> {
            for (ObjectNode webhook : Json.objects(configuration, "webhooks")) {
                Json.defaultText(webhook, "failurePolicy", "Fail");
                Json.defaultText(webhook, "matchPolicy", "Equivalent");
                Json.object(webhook, "namespaceSelector");
                Json.object(webhook, "objectSelector");
                Json.defaultInt(webhook, "timeoutSeconds", 10);
                if (mutating) {
                    Json.defaultText(webhook, "reinvocationPolicy", "Never");
                }
                for (ObjectNode rule : Json.objects(webhook, "rules")) {
                    Json.defaultText(rule, "scope", "*");
                }
                ObjectNode service = Json.objectOrNull(Json.objectOrNull(webhook, "clientConfig"), "service");
                if (service != null) {
                    Json.defaultInt(service, "port", 443);
                }
            }
        };
    }

    private static ObjectValidator webhookValidation() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (configuration, old, out) -> {
            JsonNode webhooks = configuration.path("webhooks");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < webhooks.size(); i++) {
                JsonNode webhook = webhooks.get(i);
                FieldPath at = FieldPath.of("webhooks").index(i);
                String name = Json.text(webhook, "name");
                if (name == null || name.isEmpty()) {
                    out.add(FieldViolation.required(at.child("name").path()));
                } else {
                    Validation.report(NameRules.dns1123Subdomain(name), name, at.child("name"), out);
                    if (name.split("\\.").length < 3) {
                        out.add(FieldViolation.invalid(at.child("name").path(), name,
                                "should be a domain with at least three segments separated by dots"));
                    }
                    if (!names.add(name)) {
                        out.add(FieldViolation.duplicate(at.child("name").path(), name));
                    }
                }
                if (webhook.path("admissionReviewVersions").size() == 0) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED,
                            at.child("admissionReviewVersions").path(),
                            "Required value: must specify one of v1, v1beta1"));
                }
                String sideEffects = Json.text(webhook, "sideEffects");
                if (sideEffects == null) {
                    out.add(FieldViolation.required(at.child("sideEffects").path()));
                } else {
                    Validation.oneOf(sideEffects, SIDE_EFFECTS, at.child("sideEffects"), out);
                }
                Validation.oneOf(Json.text(webhook, "failurePolicy"), FAILURE_POLICIES, at.child("failurePolicy"), out);
                JsonNode client = webhook.path("clientConfig");
                if (client.has("url") == client.has("service")) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("clientConfig").path(),
                            "Required value: exactly one of url or service is required"));
                }
            }
        });
    }
}
