package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in admission plugins, as the bundle ships them, seen through the real kubectl. */
class AdmissionPluginsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BundleServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        server = BundleServer.start();
        kubectl = new Kubectl(server.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Kubectl.Result ok(String... args) {
        Kubectl.Result r = kubectl.run(args);
        assertTrue(r.ok(), () -> "kubectl " + String.join(" ", args) + " failed: " + r.err() + r.out());
        return r;
    }

    private static Kubectl.Result create(String namespace, String manifest) {
        return kubectl.runWithInput(manifest, "create", "-n", namespace, "-f", "-");
    }

    private static String pod(String name, String securityContext) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  containers:\n"
                + "  - name: c\n    image: busybox\n" + securityContext;
    }

    @Test
    void limitRangeDefaultsShowUpInACreatedPod() throws Exception {
        ok("create", "namespace", "limits");
        Kubectl.Result lr = create("limits", "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: lr\nspec:\n"
                + "  limits:\n  - type: Container\n    default:\n      cpu: 500m\n      memory: 128Mi\n"
                + "    defaultRequest:\n      cpu: 100m\n");
        assertTrue(lr.ok(), lr.err());
        Kubectl.Result created = create("limits", pod("p", ""));
        assertTrue(created.ok(), created.err());
        JsonNode pod = JSON.readTree(ok("get", "pod", "p", "-n", "limits", "-o", "json").out());
        JsonNode resources = pod.path("spec").path("containers").get(0).path("resources");
        assertEquals("500m", resources.path("limits").path("cpu").asText());
        assertEquals("128Mi", resources.path("limits").path("memory").asText());
        assertEquals("100m", resources.path("requests").path("cpu").asText());
        assertEquals("default", pod.path("spec").path("serviceAccountName").asText(), "ServiceAccount admission");
        assertTrue(pod.path("spec").path("tolerations").toString().contains("node.kubernetes.io/unreachable"),
                "DefaultTolerationSeconds admission");

        Kubectl.Result tooBig = create("limits", "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: max\nspec:\n"
                + "  limits:\n  - type: Container\n    max:\n      cpu: \"1\"\n");
        assertTrue(tooBig.ok(), tooBig.err());
        Kubectl.Result refused = create("limits", pod("big", "    resources:\n      limits:\n        cpu: \"2\"\n"));
        assertFalse(refused.ok());
        assertTrue(refused.err().contains("pods \"big\" is forbidden: maximum cpu usage per Container is 1, "
                + "but limit is 2"), refused.err());
    }

    @Test
    void quotaRefusesTheThirdConfigMap() {
        ok("create", "namespace", "quota");
        ok("create", "quota", "q", "-n", "quota", "--hard=configmaps=2");
        ok("create", "configmap", "one", "-n", "quota");
        ok("create", "configmap", "two", "-n", "quota");
        Kubectl.Result third = kubectl.run("create", "configmap", "three", "-n", "quota");
        assertFalse(third.ok());
        assertTrue(third.err().contains("configmaps \"three\" is forbidden: exceeded quota: q, requested: "
                + "configmaps=1, used: configmaps=2, limited: configmaps=2"), third.err());
        ok("delete", "configmap", "one", "-n", "quota");
        ok("create", "configmap", "three", "-n", "quota");
    }

    @Test
    void baselineEnforcedNamespaceRefusesAPrivilegedPod() {
        ok("create", "namespace", "enforced");
        ok("label", "namespace", "enforced", "pod-security.kubernetes.io/enforce=baseline");
        Kubectl.Result refused = create("enforced", pod("priv", "    securityContext:\n      privileged: true\n"));
        assertFalse(refused.ok());
        assertTrue(refused.err().contains("pods \"priv\" is forbidden: violates PodSecurity \"baseline:latest\": "
                + "privileged (container \"c\" must not set securityContext.privileged=true)"), refused.err());
        assertTrue(create("enforced", pod("plain", "")).ok());
    }

    @Test
    void warnModePrintsAWarningAndAdmits() {
        ok("create", "namespace", "warned");
        ok("label", "namespace", "warned", "pod-security.kubernetes.io/warn=restricted");
        Kubectl.Result r = create("warned", pod("loose", ""));
        assertTrue(r.ok(), r.err());
        // Kubernetes escapes quotes in the Warning header and kubectl unescapes them; the kernel
        // currently swaps them for single quotes, so compare with quotes made alike.
        String printed = r.err().replace('\'', '"');
        assertTrue(printed.contains("Warning: would violate PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"c\" must set "
                + "securityContext.allowPrivilegeEscalation=false)"), r.err());
    }
}
