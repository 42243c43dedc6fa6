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

/** The distribution's server driven by the real kubectl, as an operator would drive it. */
class KubectlIT {
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

    private static Kubectl.Result apply(String namespace, String manifest, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "apply";
        args[1] = "-n";
        args[2] = namespace;
        args[3] = "-f=-";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return kubectl.runWithInput(manifest, args);
    }

    private static String namespace(String name) {
        ok("create", "namespace", name);
        return name;
    }

    private static String configMap(String name, String color) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  color: " + color + "\n";
    }

    @Test
    void clientSideApplyReportsCreatedUnchangedConfigured() {
        String ns = namespace("e2e-apply");
        assertEquals("configmap/settings created", apply(ns, configMap("settings", "red")).out().trim());
        assertEquals("configmap/settings unchanged", apply(ns, configMap("settings", "red")).out().trim());
        assertEquals("configmap/settings configured", apply(ns, configMap("settings", "blue")).out().trim());
        assertEquals("blue", ok("get", "-n", ns, "configmap", "settings", "-o", "jsonpath={.data.color}").out());
    }

    @Test
    void serverSideApplyRecordsTheManager() throws Exception {
        String ns = namespace("e2e-ssa");
        assertEquals("configmap/ssa serverside-applied",
                apply(ns, configMap("ssa", "red"), "--server-side").out().trim());
        apply(ns, configMap("ssa", "green"), "--server-side");
        JsonNode cm = JSON.readTree(ok("get", "-n", ns, "configmap", "ssa", "-o", "json", "--show-managed-fields")
                .out());
        assertEquals("green", cm.path("data").path("color").asText());
        JsonNode entry = cm.path("metadata").path("managedFields").get(0);
        assertEquals("kubectl", entry.path("manager").asText());
        assertEquals("Apply", entry.path("operation").asText());
        assertTrue(entry.path("fieldsV1").path("f:data").has("f:color"));
    }

    @Test
    void strategicMergePatchMergesContainersByName() {
        String ns = namespace("e2e-smp");
        apply(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: pair
                spec:
                  replicas: 0
                  selector:
                    matchLabels: {app: pair}
                  template:
                    metadata:
                      labels: {app: pair}
                    spec:
                      containers:
                      - {name: main, image: busybox:local}
                      - {name: helper, image: busybox:local}
                """);
        ok("patch", "-n", ns, "deployment", "pair", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"x:2\"}]}}}}");
        assertEquals("main helper|x:2 busybox:local", ok("get", "-n", ns, "deployment", "pair", "-o",
                "jsonpath={.spec.template.spec.containers[*].name}|{.spec.template.spec.containers[*].image}").out());
    }

    @Test
    void getShowsServerSideColumns() {
        String ns = namespace("e2e-table");
        ok("create", "-n", ns, "configmap", "two", "--from-literal=a=1", "--from-literal=b=2");
        String out = ok("get", "-n", ns, "configmaps").out();
        assertTrue(out.lines().anyMatch(l -> l.matches("NAME\\s+DATA\\s+AGE")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("two\\s+2\\s+\\d+s")), out);
    }

    @Test
    void explainReadsTheOpenApiDocuments() {
        String out = ok("explain", "deployment.spec.replicas").out();
        assertTrue(out.lines().anyMatch(l -> l.matches("FIELD:\\s+replicas <integer>")), out);
    }

    @Test
    void invalidObjectsAreRefusedWithFieldCauses() {
        String ns = namespace("e2e-invalid");
        Kubectl.Result r = apply(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bad
                spec:
                  selector:
                    matchLabels: {app: one}
                  template:
                    metadata:
                      labels: {app: other}
                    spec:
                      containers:
                      - {name: main, image: busybox:local}
                """);
        assertFalse(r.ok());
        assertTrue(r.err().contains("is invalid") && r.err().contains("spec.template.metadata.labels"), r.err());
    }

    @Test
    void unknownFieldsAreRefusedUnderStrictValidation() {
        String ns = namespace("e2e-strict");
        Kubectl.Result r = apply(ns, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nbogus: 1\n");
        assertFalse(r.ok());
        assertTrue(r.err().contains("unknown field \"bogus\""), r.err());
    }

    @Test
    void serverDryRunStoresNothing() {
        String ns = namespace("e2e-dry");
        assertEquals("configmap/dry created (server dry run)",
                apply(ns, configMap("dry", "red"), "--dry-run=server").out().trim());
        Kubectl.Result r = kubectl.run("get", "-n", ns, "configmap", "dry");
        assertFalse(r.ok());
        assertTrue(r.err().contains("NotFound"), r.err());
    }

    @Test
    void apiResourcesListsBuiltInGroups() {
        String out = kubectl.run("api-resources", "-o", "name").out();
        for (String r : new String[] {"pods", "deployments.apps", "customresourcedefinitions.apiextensions.k8s.io",
            "leases.coordination.k8s.io", "selfsubjectaccessreviews.authorization.k8s.io"}) {
            assertTrue(out.lines().anyMatch(r::equals), r + " missing from " + out);
        }
    }

    @Test
    void authCanIAnswersForTheAdmin() {
        assertEquals("yes", ok("auth", "can-i", "create", "pods").out().trim());
    }
}
