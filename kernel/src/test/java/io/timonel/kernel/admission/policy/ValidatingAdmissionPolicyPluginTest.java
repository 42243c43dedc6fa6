package io.timonel.kernel.admission.policy;

import static io.timonel.kernel.admission.policy.FixtureObjects.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidatingAdmissionPolicyPluginTest {
    private static final ResourceType DEPLOYMENTS = ResourceType.builder("apps", "v1", "Deployment", "deployments")
            .build();
    private static final ResourceType CONFIGMAPS = ResourceType.builder("", "v1", "ConfigMap", "configmaps").build();
    private static final ResourceType SECRETS = ResourceType.builder("", "v1", "Secret", "secrets").build();
    private static final UserInfo ALICE = new UserInfo("alice", "", Set.of(UserInfo.AUTHENTICATED_GROUP));

    private static AdmissionResult admit(FixtureObjects objects, Operation op, ResourceType type, String namespace,
                                         JsonNode object, UserInfo user) {
        var plugin = new ValidatingAdmissionPolicyPlugin(ParamKinds.guessing());
        String name = object.path("metadata").path("name").asText();
        return plugin.admit(new AdmissionRequest(op, type, "", namespace, name, object, null, user, false, objects));
    }

    private static AdmissionResult create(FixtureObjects objects, ResourceType type, String namespace, JsonNode object) {
        return admit(objects, Operation.CREATE, type, namespace, object, ALICE);
    }

    private static JsonNode deployment(String name, int replicas) {
        return object("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private static AdmissionResult.Denied denied(AdmissionResult result) {
        return assertInstanceOf(AdmissionResult.Denied.class, result);
    }

    private static List<String> allowedWarnings(AdmissionResult result) {
        return assertInstanceOf(AdmissionResult.Allowed.class, result).warnings();
    }

    @Test
    void replicasWithinLimitAreAllowedAndAboveAreDeniedWithTheFailedExpression() {
        FixtureObjects objects = FixtureObjects.load("replicas.yaml");
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "default", deployment("web", 5))));
        AdmissionResult.Denied d = denied(create(objects, DEPLOYMENTS, "default", deployment("web", 6)));
        assertEquals(422, d.code());
        assertEquals("Invalid", d.reason());
        assertEquals("ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: "
                + "failed expression: object.spec.replicas <= 5", d.message());
    }

    @Test
    void excludedResourceNamesFalseMatchConditionsAndUnmatchedOperationsAreNotEvaluated() {
        FixtureObjects objects = FixtureObjects.load("replicas.yaml");
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "default", deployment("exempt", 50))));
        UserInfo system = new UserInfo("system:serviceaccount:kube-system:x", "", Set.of());
        assertEquals(List.of(), allowedWarnings(
                admit(objects, Operation.CREATE, DEPLOYMENTS, "default", deployment("web", 50), system)));
        assertEquals(List.of(), allowedWarnings(
                admit(objects, Operation.DELETE, DEPLOYMENTS, "default", deployment("web", 50), ALICE)));
        assertEquals(List.of(), allowedWarnings(create(objects, CONFIGMAPS, "default", deployment("web", 50))));
    }

    @Test
    void aRequiredLabelIsEnforcedOnlyInNamespacesTheBindingSelects() {
        FixtureObjects objects = FixtureObjects.load("labels.yaml");
        JsonNode unlabelled = object("{\"metadata\":{\"name\":\"cm\"},\"data\":{}}");
        JsonNode labelled = object("{\"metadata\":{\"name\":\"cm\",\"labels\":{\"team\":\"a\"}},\"data\":{}}");
        AdmissionResult.Denied d = denied(create(objects, CONFIGMAPS, "prod", unlabelled));
        assertEquals(403, d.code());
        assertEquals("Forbidden", d.reason());
        assertEquals("ValidatingAdmissionPolicy 'team-label' with binding 'team-label-prod' denied request: "
                + "every object needs a team label", d.message());
        assertEquals(List.of(), allowedWarnings(create(objects, CONFIGMAPS, "prod", labelled)));
        assertEquals(List.of(), allowedWarnings(create(objects, CONFIGMAPS, "dev", unlabelled)));
        assertEquals(List.of(), allowedWarnings(create(objects, SECRETS, "prod", unlabelled)));
    }

    @Test
    void aLimitFromParamsIsEnforcedWithTheMessageExpression() {
        FixtureObjects objects = FixtureObjects.load("params.yaml");
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "default", deployment("web", 3))));
        AdmissionResult.Denied d = denied(create(objects, DEPLOYMENTS, "default", deployment("web", 4)));
        assertEquals("ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit-default' denied request: "
                + "replicas must be at most 3, got 4", d.message());
    }

    @Test
    void changedParamsApplyToTheNextRequest() {
        FixtureObjects objects = FixtureObjects.load("params.yaml");
        objects.put(object("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"limits\","
                + "\"namespace\":\"policy-config\"},\"data\":{\"maxReplicas\":\"10\"}}"));
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "default", deployment("web", 4))));
    }

    @Test
    void missingParamsWithDenyActionDenyAndWithAllowActionAllow() {
        FixtureObjects objects = FixtureObjects.load("params.yaml");
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: replica-limit-default}
                spec:
                  policyName: replica-limit
                  validationActions: [Deny]
                  paramRef: {name: nope, namespace: policy-config, parameterNotFoundAction: Deny}
                """));
        assertTrue(denied(create(objects, DEPLOYMENTS, "default", deployment("web", 1))).message()
                .endsWith("no params found for policy binding with `Deny` parameterNotFoundAction"));
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: replica-limit-default}
                spec:
                  policyName: replica-limit
                  validationActions: [Deny]
                  paramRef: {name: nope, namespace: policy-config, parameterNotFoundAction: Allow}
                """));
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "default", deployment("web", 100))));
    }

    @Test
    void paramsChosenBySelectorAreEachEvaluated() {
        FixtureObjects objects = FixtureObjects.load("params.yaml");
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: replica-limit-default}
                spec:
                  policyName: replica-limit
                  validationActions: [Deny]
                  paramRef: {selector: {matchLabels: {kind: limit}}, parameterNotFoundAction: Deny}
                """));
        objects.put(object("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "team",
                 "labels": {"kind": "limit"}}, "data": {"maxReplicas": "8"}}"""));
        objects.put(object("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "team",
                 "labels": {"kind": "limit"}}, "data": {"maxReplicas": "4"}}"""));
        assertEquals(List.of(), allowedWarnings(create(objects, DEPLOYMENTS, "team", deployment("web", 4))));
        assertTrue(denied(create(objects, DEPLOYMENTS, "team", deployment("web", 6))).message()
                .endsWith("replicas must be at most 4, got 6"));
        // The binding's paramRef has no namespace: params come from the request's namespace.
        assertTrue(denied(create(objects, DEPLOYMENTS, "other", deployment("web", 1))).message()
                .endsWith("`Deny` parameterNotFoundAction"));
    }

    @Test
    void warnActionReturnsWarningsAndAllowsTheRequest() {
        FixtureObjects objects = FixtureObjects.load("warn.yaml");
        JsonNode deploy = object("""
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: a, image: registry.example.com/a:1}
                      - {name: b, image: docker.io/b:2}
                      - {name: c, image: quay.io/c:3}
                """);
        assertEquals(List.of("Validation failed for ValidatingAdmissionPolicy 'image-registry' with binding "
                        + "'image-registry-warn': images outside the registry: docker.io/b:2, quay.io/c:3"),
                allowedWarnings(create(objects, DEPLOYMENTS, "default", deploy)));
    }

    @Test
    void evaluationErrorsDenyUnderFailAndAreIgnoredUnderIgnore() {
        FixtureObjects objects = FixtureObjects.load("failure.yaml");
        JsonNode noData = object("{\"metadata\":{\"name\":\"x\"}}");
        AdmissionResult.Denied d = denied(create(objects, CONFIGMAPS, "default", noData));
        assertTrue(d.message().startsWith("ValidatingAdmissionPolicy 'strict' with binding 'strict-binding' denied "
                + "request: expression 'object.data.size == '1'' resulted in error: "), d.message());
        // The lenient policy also uses `authorizer`, which is not declared: a compile error, ignored.
        assertEquals(List.of(), allowedWarnings(create(objects, SECRETS, "default", noData)));
    }

    @Test
    void compileErrorsDenyUnderFail() {
        FixtureObjects objects = FixtureObjects.load("replicas.yaml");
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: max-replicas, uid: u1, resourceVersion: "2"}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
                  validations:
                  - expression: "object.spec.replicas <="
                """));
        assertTrue(denied(create(objects, DEPLOYMENTS, "default", deployment("web", 1))).message()
                .contains("compilation failed"));
    }

    @Test
    void aChangedPolicyIsRecompiledForItsNewResourceVersion() {
        FixtureObjects objects = FixtureObjects.load("replicas.yaml");
        var plugin = new ValidatingAdmissionPolicyPlugin(objects, ParamKinds.guessing());
        JsonNode deploy = deployment("web", 7);
        var request = new AdmissionRequest(Operation.CREATE, DEPLOYMENTS, "", "default", "web", deploy, null, ALICE,
                false, null);
        denied(plugin.admit(request));
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: max-replicas, uid: u1, resourceVersion: "2"}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
                  validations:
                  - expression: "object.spec.replicas <= 10"
                """));
        assertEquals(List.of(), allowedWarnings(plugin.admit(request)));
    }

    @Test
    void oldObjectAndRequestFieldsAreAvailableOnUpdate() {
        FixtureObjects objects = FixtureObjects.load();
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: no-shrink, uid: u9, resourceVersion: "1"}
                spec:
                  matchConstraints:
                    namespaceSelector: {matchExpressions: [{key: frozen, operator: Exists}]}
                    resourceRules:
                    - {apiGroups: [apps], apiVersions: [v1], operations: [UPDATE], resources: [deployments]}
                  validations:
                  - expression: "request.operation == 'UPDATE' && request.namespace == 'f' && namespaceObject.metadata.name == 'f'"
                  - expression: "object.spec.replicas >= oldObject.spec.replicas"
                    message: cannot shrink
                """));
        objects.put(object("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: no-shrink}
                spec: {policyName: no-shrink, validationActions: [Deny]}
                """));
        objects.put(object("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"f\","
                + "\"labels\":{\"frozen\":\"yes\"}}}"));
        var plugin = new ValidatingAdmissionPolicyPlugin(objects, ParamKinds.guessing());
        AdmissionResult shrink = plugin.admit(new AdmissionRequest(Operation.UPDATE, DEPLOYMENTS, "", "f", "web",
                deployment("web", 1), deployment("web", 2), ALICE, false, null));
        assertTrue(denied(shrink).message().endsWith("denied request: cannot shrink"));
        AdmissionResult grow = plugin.admit(new AdmissionRequest(Operation.UPDATE, DEPLOYMENTS, "", "f", "web",
                deployment("web", 3), deployment("web", 2), ALICE, false, null));
        assertEquals(List.of(), allowedWarnings(grow));
        AdmissionResult elsewhere = plugin.admit(new AdmissionRequest(Operation.UPDATE, DEPLOYMENTS, "", "g", "web",
                deployment("web", 1), deployment("web", 2), ALICE, false, null));
        assertEquals(List.of(), allowedWarnings(elsewhere));
    }
}
