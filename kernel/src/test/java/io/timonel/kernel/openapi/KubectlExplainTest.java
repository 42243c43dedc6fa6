package io.timonel.kernel.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real kubectl v1.33 against {@link OpenApiTestServer} to prove that it understands the
 * documents. Skipped when kubectl is not installed.
 */
class KubectlExplainTest {
    private static final Path KUBECTL = Path.of(System.getProperty("timonel.kubectl",
            "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"));

    @TempDir
    Path home;
    private OpenApiTestServer server;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        server = new OpenApiTestServer(List.of(SchemaFixtures.deployments(), SchemaFixtures.configMaps(),
                SchemaFixtures.widgets(), SchemaFixtures.gadgets()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--server", server.url(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECONFIG", home.resolve("none").toString());
        pb.redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl did not finish");
        return new Result(p.exitValue(), Files.readString(home.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void explainShowsFieldTypeAndDescriptionFromOpenApiV3() throws Exception {
        Result r = kubectl("explain", "deployments.spec.replicas");
        assertEquals(0, r.exit(), r.err() + "\n" + server.requests);
        assertTrue(r.out().matches("(?s).*(^|\\n)FIELD:\\s+replicas <integer>.*"), r.out());
        assertTrue(r.out().contains("Number of desired pods"), r.out());
        assertTrue(r.out().contains("GROUP:      apps"), r.out());
        assertTrue(server.requests.stream().anyMatch(q -> q.startsWith("GET /openapi/v3/apis/apps/v1?hash=")),
                String.valueOf(server.requests));
    }

    @Test
    void explainFollowsReferencesIntoMetadataOfCustomResources() throws Exception {
        Result r = kubectl("explain", "widgets.metadata.name");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("FIELD: name <string>"), r.out());
        Result spec = kubectl("explain", "wd.spec");
        assertEquals(0, spec.exit(), spec.err());
        assertTrue(spec.out().contains("size\t<integer> -required-"), spec.out());
    }

    @Test
    void explainOfCoreKindListsFields() throws Exception {
        Result r = kubectl("explain", "configmaps");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("KIND:       ConfigMap"), r.out());
        assertTrue(r.out().contains("data\t<map[string]string>"), r.out());
        assertTrue(r.out().contains("metadata\t<ObjectMeta>"), r.out());
    }

    @Test
    void explainThroughOpenApiV2() throws Exception {
        Result r = kubectl("explain", "deployments.spec.replicas", "--output", "plaintext-openapiv2");
        assertEquals(0, r.exit(), r.err() + "\n" + server.requests);
        assertTrue(r.out().contains("FIELD:    replicas <integer>") || r.out().contains("FIELD: replicas <integer>"),
                r.out());
        assertTrue(r.out().contains("Number of desired pods"), r.out());
    }

    @Test
    void createSendsStrictFieldValidationBecausePatchAnnouncesIt() throws Exception {
        Path file = home.resolve("widget.yaml");
        Files.writeString(file, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\n"
                + "spec:\n  size: 3\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"
                + "  namespace: default\nspec:\n  replicas: 1\n");
        kubectl("create", "-f", file.toString());
        assertTrue(server.requests.stream().anyMatch(q -> q.startsWith(
                "POST /apis/example.com/v1/namespaces/default/widgets?fieldManager=kubectl-create&fieldValidation=Strict")),
                String.valueOf(server.requests));
        assertTrue(server.requests.stream().anyMatch(q -> q.startsWith(
                "POST /apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict")),
                String.valueOf(server.requests));
    }

    @Test
    void applyComputesStrategicMergePatchFromOpenApiV3() throws Exception {
        String applied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\","
                + "\"namespace\":\"default\"},\"spec\":{\"template\":{\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"image\":\"one\"},{\"name\":\"b\",\"image\":\"two\"}]}}}}";
        String live = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\","
                + "\"namespace\":\"default\",\"resourceVersion\":\"5\",\"annotations\":{"
                + "\"kubectl.kubernetes.io/last-applied-configuration\":" + SchemaFixtures.MAPPER.writeValueAsString(applied)
                + "}},\"spec\":{\"template\":{\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"image\":\"one\"},{\"name\":\"b\",\"image\":\"two\"}]}}}}";
        server.objects.put("/apis/apps/v1/namespaces/default/deployments/d", live.getBytes(StandardCharsets.UTF_8));
        Path file = home.resolve("d.yaml");
        Files.writeString(file, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: default\n"
                + "spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: three\n"
                + "      - name: b\n        image: two\n");
        Result r = kubectl("apply", "-f", file.toString(), "-v=2");
        assertEquals(0, r.exit(), r.err() + "\n" + server.requests);
        assertTrue(!r.err().contains("openapi v3"), r.err());
        assertEquals(1, server.patches.size(), String.valueOf(server.requests));
        assertTrue(server.requests.stream().anyMatch(q -> q.startsWith("GET /openapi/v3/apis/apps/v1?hash=")),
                String.valueOf(server.requests));
        assertTrue(server.requests.stream().noneMatch(q -> q.startsWith("GET /openapi/v2")),
                String.valueOf(server.requests));
        String patch = server.patches.get(0);
        assertTrue(patch.startsWith("application/strategic-merge-patch+json "), patch);
        assertTrue(patch.contains("\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]"), patch);
        assertTrue(patch.contains("{\"image\":\"three\",\"name\":\"a\"}"), patch);
    }
}
