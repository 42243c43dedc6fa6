package io.timonel.kernel.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.timonel.kernel.testing.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input never breaks the server: malformed and mutated bodies of every accepted media type,
 * sent to create, update and patch, get a 4xx Status — never a 500 or a hang. The seeds are
 * fixed, so every case found once stays a test.
 */
class DecoderFuzzIT {
    private static final String VALID = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fz\","
            + "\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\",\"n\":\"1\"}}";
    /** Inputs that once troubled decoders somewhere; kept as regression cases. */
    private static final List<String> KNOWN = List.of("", "null", "[]", "\"x\"", "1", "{", "}", "{\"metadata\":1}",
            "{\"metadata\":{\"name\":5}}", "{\"metadata\":{\"labels\":[]}}", "{\"data\":{\"k\":{}}}",
            "{\"kind\":\"Pod\"}", "{\"apiVersion\":\"v2\"}", "{\"a\":1,\"a\":2}", "[[[[[[[[[[[[[[[[[[[[",
            "{\"metadata\":{\"name\":\"../x\"}}", "{\"metadata\":{\"name\":\"" + "x".repeat(300) + "\"}}",
            "- a\n- b", "a: [", "!!binary x", "*alias", "{\"metadata\":{\"generateName\":7}}",
            "[{\"op\":\"move\",\"from\":\"/x\",\"path\":\"/y\"}]", "[{\"op\":\"bogus\"}]", "{\"$patch\":\"delete\"}",
            "{\"data\":{\"$retainKeys\":5}}", "{\"metadata\":{\"managedFields\":\"x\"}}");
    private static final List<String> MEDIA_TYPES = List.of("application/json", "application/yaml",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json",
            "application/apply-patch+yaml", "application/vnd.kubernetes.protobuf", "text/plain");

    private static TestCluster cluster;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void boot() throws Exception {
        cluster = TestCluster.start();
        KubernetesClient client = cluster.client();
        http = client.getHttpClient();
        base = client.getMasterUrl().toString().replaceAll("/$", "");
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("fuzz").endMetadata().build()).create();
        send("POST", "/api/v1/namespaces/fuzz/configmaps", "application/json", VALID);
    }

    @AfterAll
    static void shutDown() {
        cluster.close();
    }

    private static int send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest request = http.newHttpRequestBuilder().uri(base + path)
                .method(method, contentType, body).build();
        HttpResponse<String> response = http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
        return response.code();
    }

    private static List<String> mutants(long seed, int count) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(KNOWN);
        String alphabet = "{}[]\":,\\ntrue0-1e9.$/ab\u0000\u00e9";
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder(VALID);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void malformedBodiesGetClientErrorsOnEveryWritePath() throws Exception {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String body : mutants(20261123L, 120)) {
            String mediaType = MEDIA_TYPES.get(n++ % MEDIA_TYPES.size());
            for (String[] call : new String[][] {
                {"POST", "/api/v1/namespaces/fuzz/configmaps", "application/json"},
                {"PUT", "/api/v1/namespaces/fuzz/configmaps/fz", "application/json"},
                {"PATCH", "/api/v1/namespaces/fuzz/configmaps/fz", mediaType},
                {"PATCH", "/api/v1/namespaces/fuzz/configmaps/fz?fieldManager=fuzz", "application/apply-patch+yaml"}}) {
                int code = send(call[0], call[1], call[2], body);
                if (code >= 500) {
                    failures.add(code + " for " + call[0] + " " + call[1] + " (" + call[2] + "): " + body);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void oversizedObjectsAreRefusedWith413() throws Exception {
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\""
                + "x".repeat(2 * 1024 * 1024) + "\"}}";
        int code = send("POST", "/api/v1/namespaces/fuzz/configmaps", "application/json", big);
        assertTrue(code == 413, "want 413, got " + code);
    }
}
