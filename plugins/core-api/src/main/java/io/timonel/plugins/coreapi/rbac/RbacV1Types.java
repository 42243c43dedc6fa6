package io.timonel.plugins.coreapi.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings. */
public final class RbacV1Types {

    private static final String GROUP = "rbac.authorization.k8s.io";
    private static final List<String> SUBJECT_KINDS = List.of("ServiceAccount", "User", "Group");

    private RbacV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                kinds.define(V1Role.class, GROUP, "v1", "Role", "roles")
                        .printerColumn(Columns.createdAt())
                        .validator(roles(false))
                        .build(),
                kinds.define(V1ClusterRole.class, GROUP, "v1", "ClusterRole", "clusterroles")
                        .clusterScoped()
                        .printerColumn(Columns.createdAt())
                        .validator(roles(true))
                        .build(),
                Kinds.columns(kinds.define(V1RoleBinding.class, GROUP, "v1", "RoleBinding", "rolebindings"),
                                bindingColumns())
                        .defaulter(subjectDefaults())
                        .validator(bindings(List.of("Role", "ClusterRole")))
                        .build(),
                Kinds.columns(kinds.define(V1ClusterRoleBinding.class, GROUP, "v1", "ClusterRoleBinding",
                                "clusterrolebindings").clusterScoped(), bindingColumns())
                        .defaulter(subjectDefaults())
                        .validator(bindings(List.of("ClusterRole")))
                        .build());
    }

    private static ObjectValidator roles(boolean cluster) {
        return Validation.of(NameRule.PATH_SEGMENT, (role, old, out) -> {
            JsonNode rules = role.path("rules");
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                FieldPath at = FieldPath.of("rules").index(i);
                if (rule.path("verbs").size() == 0) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("verbs").path(),
                            "Required value: verbs must contain at least one value"));
                }
                boolean urls = rule.path("nonResourceURLs").size() > 0;
                if (urls && !cluster) {
                    out.add(new FieldViolation(FieldViolation.Type.INVALID, at.child("nonResourceURLs").path(),
                            "Invalid value: " + rule.path("nonResourceURLs") + ": namespaced rules cannot apply to "
                                    + "non-resource URLs"));
                }
                if (urls && (rule.path("resources").size() > 0 || rule.path("apiGroups").size() > 0)) {
                    out.add(new FieldViolation(FieldViolation.Type.INVALID, at.child("nonResourceURLs").path(),
                            "Invalid value: " + rule.path("nonResourceURLs") + ": rules cannot apply to both "
                                    + "regular resources and non-resource URLs"));
                }
                if (!urls && rule.path("apiGroups").size() == 0) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("apiGroups").path(),
                            "Required value: resource rules must supply at least one api group"));
                }
                if (!urls && rule.path("resources").size() == 0) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("resources").path(),
                            "Required value: resource rules must supply at least one resource"));
                }
            }
        });
    }

    /** Subjects' apiGroup: the RBAC group for users and groups, the core group for service accounts. */
    private static ObjectDefaulter subjectDefaults() {
        return binding -> {
            for (ObjectNode subject : Json.objects(binding, "subjects")) {
                String kind = Json.text(subject, "kind");
                if ("ServiceAccount".equals(kind)) {
                    Json.defaultText(subject, "apiGroup", "");
                } else if ("User".equals(kind) || "Group".equals(kind)) {
                    Json.defaultText(subject, "apiGroup", GROUP);
                }
            }
        };
    }

    private static ObjectValidator bindings(List<String> roleKinds) {
        return Validation.of(NameRule.PATH_SEGMENT, (binding, old, out) -> {
            JsonNode ref = binding.path("roleRef");
            String kind = Json.text(ref, "kind");
            if (kind == null || kind.isEmpty()) {
                out.add(FieldViolation.required("roleRef.kind"));
            } else {
                Validation.oneOf(kind, roleKinds, FieldPath.of("roleRef.kind"), out);
            }
            String name = Json.text(ref, "name");
            if (name == null || name.isEmpty()) {
                out.add(FieldViolation.required("roleRef.name"));
            }
            String apiGroup = Json.text(ref, "apiGroup");
            if (!GROUP.equals(apiGroup)) {
                out.add(FieldViolation.notSupported("roleRef.apiGroup", apiGroup == null ? "" : apiGroup,
                        List.of(GROUP)));
            }
            JsonNode subjects = binding.path("subjects");
            for (int i = 0; i < subjects.size(); i++) {
                JsonNode subject = subjects.get(i);
                FieldPath at = FieldPath.of("subjects").index(i);
                String subjectKind = Json.text(subject, "kind");
                Validation.oneOf(subjectKind == null ? "" : subjectKind, SUBJECT_KINDS, at.child("kind"), out);
                String subjectName = Json.text(subject, "name");
                if (subjectName == null || subjectName.isEmpty()) {
                    out.add(FieldViolation.required(at.child("name").path()));
                }
                if ("ServiceAccount".equals(subjectKind) && Json.text(subject, "namespace") == null
                        && binding.path("metadata").path("namespace").isMissingNode()) {
                    out.add(FieldViolation.required(at.child("namespace").path()));
                }
            }
            if (old != null && !ref.equals(old.path("roleRef"))) {
                out.add(FieldViolation.invalid("roleRef", ref.toString(), "cannot change roleRef"));
            }
        });
    }

    private static List<PrinterColumn> bindingColumns() {
        return List.of(
                Columns.string("ROLE", "The role granted", o -> o.path("roleRef").path("kind").asText() + "/"
                        + o.path("roleRef").path("name").asText()),
                Columns.age(),
                Columns.string("USERS", "Users granted the role", o -> subjects(o, "User")).wide(),
                Columns.string("GROUPS", "Groups granted the role", o -> subjects(o, "Group")).wide(),
                Columns.string("SERVICEACCOUNTS", "Service accounts granted the role",
                        o -> subjects(o, "ServiceAccount")).wide());
    }

    private static String subjects(JsonNode binding, String kind) {
        List<String> names = new ArrayList<>();
        for (JsonNode subject : binding.path("subjects")) {
            if (kind.equals(Json.text(subject, "kind"))) {
                String namespace = Json.text(subject, "namespace");
                names.add(kind.equals("ServiceAccount") ? (namespace == null ? "" : namespace) + "/"
                        + subject.path("name").asText() : subject.path("name").asText());
            }
        }
        return String.join(", ", names);
    }
}
