package io.timonel.kernel.admission.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleTest {
    private static final ResourceType PODS = ResourceType.builder("", "v1", "Pod", "pods").build();
    private static final ResourceType DEPLOYMENTS_V1BETA1 =
            ResourceType.builder("apps", "v1beta1", "Deployment", "deployments").build();

    private record Case(String name, Rule rule, AdmissionRequest request, boolean anyVersion, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Rule rule(String operations, String groups, String versions, String resources, String scope) {
        return new Rule(List.of(operations.split(",")), List.of(groups.split(",", -1)), List.of(versions.split(",")),
                List.of(resources.split(",")), scope);
    }

    private static AdmissionRequest on(Operation op, ResourceType type, String subresource, String namespace) {
        return new AdmissionRequest(op, type, subresource, namespace, "x", null, null, WebhookFixtures.ADMIN, false,
                null);
    }

    private static Case c(String name, Rule rule, AdmissionRequest request, boolean matches) {
        return new Case(name, rule, request, false, matches);
    }

    static Stream<Arguments> cases() {
        AdmissionRequest createPod = on(Operation.CREATE, PODS, "", "default");
        AdmissionRequest updatePodStatus = on(Operation.UPDATE, PODS, "status", "default");
        AdmissionRequest createDeployment = on(Operation.CREATE, WebhookFixtures.DEPLOYMENTS, "", "default");
        AdmissionRequest createNode = on(Operation.CREATE, WebhookFixtures.NODES, "", "");
        AdmissionRequest createNamespace = on(Operation.CREATE, WebhookFixtures.NAMESPACES, "", "");
        AdmissionRequest deleteConfigMap = on(Operation.DELETE, WebhookFixtures.CONFIGMAPS, "", "default");
        AdmissionRequest oldDeployment = on(Operation.CREATE, DEPLOYMENTS_V1BETA1, "", "default");
        return Stream.of(
                c("exact resource matches", rule("CREATE", "", "v1", "pods", "*"), createPod, true),
                c("other operation does not", rule("UPDATE", "", "v1", "pods", "*"), createPod, false),
                c("star operation matches any", rule("*", "", "v1", "pods", "*"), createPod, true),
                c("other group does not", rule("CREATE", "apps", "v1", "pods", "*"), createPod, false),
                c("star group matches", rule("CREATE", "*", "v1", "deployments", "*"), createDeployment, true),
                c("other version does not under Exact", rule("CREATE", "apps", "v1", "deployments", "*"),
                        oldDeployment, false),
                new Case("other version matches under Equivalent", rule("CREATE", "apps", "v1", "deployments", "*"),
                        oldDeployment, true, true),
                c("star version matches", rule("CREATE", "apps", "*", "deployments", "*"), oldDeployment, true),
                c("bare resource does not match its subresource", rule("UPDATE", "", "v1", "pods", "*"),
                        updatePodStatus, false),
                c("resource/sub matches that subresource", rule("UPDATE", "", "v1", "pods/status", "*"),
                        updatePodStatus, true),
                c("resource/sub does not match the main resource", rule("UPDATE", "", "v1", "pods/status", "*"),
                        on(Operation.UPDATE, PODS, "", "default"), false),
                c("star matches main resources", rule("CREATE", "*", "*", "*", "*"), createPod, true),
                c("star does not match subresources", rule("UPDATE", "*", "*", "*", "*"), updatePodStatus, false),
                c("star/status matches any status", rule("UPDATE", "*", "*", "*/status", "*"), updatePodStatus, true),
                c("star/star matches subresources", rule("UPDATE", "*", "*", "*/*", "*"), updatePodStatus, true),
                c("star/star matches main resources", rule("CREATE", "*", "*", "*/*", "*"), createPod, true),
                c("pods/star matches pods", rule("CREATE", "", "v1", "pods/*", "*"), createPod, true),
                c("Namespaced scope matches namespaced", rule("*", "*", "*", "*", "Namespaced"), createPod, true),
                c("Namespaced scope skips cluster objects", rule("*", "*", "*", "*", "Namespaced"), createNode, false),
                c("Namespaced scope skips namespaces", rule("*", "*", "*", "*", "Namespaced"), createNamespace, false),
                c("Cluster scope matches cluster objects", rule("*", "*", "*", "*", "Cluster"), createNode, true),
                c("Cluster scope matches namespaces", rule("*", "*", "*", "*", "Cluster"), createNamespace, true),
                c("Cluster scope skips namespaced", rule("*", "*", "*", "*", "Cluster"), createPod, false),
                c("delete matches DELETE", rule("DELETE", "", "v1", "configmaps", "*"), deleteConfigMap, true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleMatching(Case c) {
        assertEquals(c.matches(), c.rule().matches(c.request(), c.anyVersion()), c.name());
    }
}
