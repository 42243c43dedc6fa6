package io.timonel.plugins.coreapi.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.NameRules;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * apiextensions.k8s.io/v1: CustomResourceDefinitions. Serving the types they define is the
 * kernel's CRD registry's job; this describes and checks the definitions themselves.
 */
public final class ApiExtensionsV1Types {

    private static final String GROUP = "apiextensions.k8s.io";
    private static final List<String> SCOPES = List.of("Cluster", "Namespaced");

    private ApiExtensionsV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(kinds.define(V1CustomResourceDefinition.class, GROUP, "v1", "CustomResourceDefinition",
                        "customresourcedefinitions")
                .clusterScoped().shortNames("crd", "crds").categories("api-extensions").statusSubresource()
                .printerColumn(Columns.createdAt())
                .defaulter(ApiExtensionsV1Types::defaults)
                .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, ApiExtensionsV1Types::check))
                .build());
    }

    static void defaults(ObjectNode crd) {
        ObjectNode spec = Json.object(crd, "spec");
        ObjectNode names = Json.object(spec, "names");
        String kind = Json.text(names, "kind");
        if (kind != null) {
            Json.defaultText(names, "singular", kind.toLowerCase(Locale.ROOT));
            Json.defaultText(names, "listKind", kind + "List");
        }
        Json.defaultText(Json.object(spec, "conversion"), "strategy", "None");
    }

    static void check(JsonNode crd, JsonNode old, List<FieldViolation> out) {
        JsonNode spec = crd.path("spec");
        String group = Json.text(spec, "group");
        String plural = Json.text(spec, "names", "plural");
        String name = Json.text(crd, "metadata", "name");
        if (group == null || group.isEmpty()) {
            out.add(FieldViolation.required("spec.group"));
        } else {
            Validation.report(NameRules.dns1123Subdomain(group), group, FieldPath.of("spec.group"), out);
            if (!group.contains(".")) {
                out.add(FieldViolation.invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        if (plural == null || plural.isEmpty()) {
            out.add(FieldViolation.required("spec.names.plural"));
        } else {
            Validation.report(NameRules.dns1035Label(plural), plural, FieldPath.of("spec.names.plural"), out);
        }
        if (Json.text(spec, "names", "kind") == null) {
            out.add(FieldViolation.required("spec.names.kind"));
        }
        if (name != null && group != null && plural != null && !name.equals(plural + "." + group)) {
            out.add(FieldViolation.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        String scope = Json.text(spec, "scope");
        if (scope == null) {
            out.add(FieldViolation.required("spec.scope"));
        } else {
            Validation.oneOf(scope, SCOPES, FieldPath.of("spec.scope"), out);
        }
        JsonNode versions = spec.path("versions");
        if (versions.size() == 0) {
            out.add(new FieldViolation(FieldViolation.Type.INVALID, "spec.versions",
                    "Invalid value: []: must have exactly one version marked as storage version"));
        }
        int storage = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode version = versions.get(i);
            FieldPath at = FieldPath.of("spec.versions").index(i);
            String versionName = Json.text(version, "name");
            if (versionName == null || versionName.isEmpty()) {
                out.add(FieldViolation.required(at.child("name").path()));
            } else {
                Validation.report(NameRules.dns1035Label(versionName), versionName, at.child("name"), out);
                if (!seen.add(versionName)) {
                    out.add(FieldViolation.duplicate(at.child("name").path(), versionName));
                }
            }
            if (version.path("storage").asBoolean(false)) {
                storage++;
            }
            if (!version.path("schema").path("openAPIV3Schema").isObject()) {
                out.add(new FieldViolation(FieldViolation.Type.REQUIRED,
                        at.child("schema").child("openAPIV3Schema").path(), "Required value: schemas are required"));
            }
        }
        if (versions.size() > 0 && storage != 1) {
            out.add(FieldViolation.invalid("spec.versions", versions.toString(),
                    "must have exactly one version marked as storage version"));
        }
        if (old != null) {
            Validation.immutable(spec.get("group"), old.path("spec").get("group"), FieldPath.of("spec.group"), out);
            Validation.immutable(spec.path("names").get("plural"), old.path("spec").path("names").get("plural"),
                    FieldPath.of("spec.names.plural"), out);
            Validation.immutable(spec.get("scope"), old.path("spec").get("scope"), FieldPath.of("spec.scope"), out);
        }
    }
}
