package io.timonel.kernel.admission.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ValidatingAdmissionPolicies created through the API and enforced on the next writes. */
class ValidatingAdmissionPolicyIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void boot() throws Exception {
        cluster = TestCluster.start();
        client = cluster.client();
        for (String ns : new String[] {"vap-a", "vap-config"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .withLabels(Map.of("policies", ns.equals("vap-a") ? "on" : "off")).endMetadata().build()).create();
        }
    }

    @AfterAll
    static void shutDown() {
        cluster.close();
    }

    private static void createConfigMap(String namespace, String name, Map<String, String> labels,
                                        Map<String, String> data) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withData(data).build()).create();
    }

    @Test
    void aPolicyCreatedThroughTheApiDeniesTheNextViolatingWrite() {
        client.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: cm-owner}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}
                    namespaceSelector: {matchLabels: {policies: "on"}}
                  validations:
                  - expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels"
                    messageExpression: "'configmap ' + object.metadata.name + ' needs an owner label'"
                """).create();
        client.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: cm-owner}
                spec: {policyName: cm-owner, validationActions: [Deny]}
                """).create();

        TestCluster.await("the policy to deny", WAIT, () -> {
            try {
                createConfigMap("vap-a", "probe-" + System.nanoTime(), Map.of(), Map.of());
                return false;
            } catch (KubernetesClientException e) {
                return e.getCode() == 422;
            }
        });
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> createConfigMap("vap-a", "bare", Map.of(), Map.of()));
        assertEquals(422, e.getCode());
        assertTrue(e.getStatus().getMessage().contains(
                "ValidatingAdmissionPolicy 'cm-owner' with binding 'cm-owner' denied request: "
                        + "configmap bare needs an owner label"), e.getStatus().getMessage());
        createConfigMap("vap-a", "owned", Map.of("owner", "me"), Map.of());
        // Namespaces without the label are out of the policy's scope.
        createConfigMap("vap-config", "bare", Map.of(), Map.of());
    }

    @Test
    void paramsReadFromAConfigMapDriveTheLimit() {
        createConfigMap("vap-config", "limits", Map.of(), Map.of("maxKeys", "1"));
        client.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: max-keys}
                spec:
                  paramKind: {apiVersion: v1, kind: ConfigMap}
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets]}
                  validations:
                  - expression: "!has(object.data) || size(object.data) <= int(params.data.maxKeys)"
                    reason: Forbidden
                    message: too many keys
                """).create();
        client.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: max-keys}
                spec:
                  policyName: max-keys
                  validationActions: [Deny]
                  paramRef: {name: limits, namespace: vap-config, parameterNotFoundAction: Deny}
                """).create();
        String twoKeys = """
                apiVersion: v1
                kind: Secret
                metadata: {name: NAME, namespace: vap-a}
                stringData: {a: "1", b: "2"}
                data: {a: MQ==, b: Mg==}
                """;
        TestCluster.await("the params policy to deny", WAIT, () -> {
            try {
                client.resource(twoKeys.replace("NAME", "s" + System.nanoTime())).create();
                return false;
            } catch (KubernetesClientException e) {
                return e.getCode() == 403 && e.getStatus().getMessage().contains("too many keys");
            }
        });
        client.configMaps().inNamespace("vap-config").withName("limits")
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("maxKeys", "5")).build());
        TestCluster.await("the raised limit to apply", WAIT, () -> {
            try {
                client.resource(twoKeys.replace("NAME", "ok" + System.nanoTime())).create();
                return true;
            } catch (KubernetesClientException e) {
                return false;
            }
        });
    }
}
