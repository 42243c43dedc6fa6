package io.timonel.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestInfoTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET    | /api/v1/namespaces/default/pods              | -    | list             |      | v1 | default | pods       |         |",
        "GET    | /api/v1/namespaces/default/pods/web          | -    | get              |      | v1 | default | pods       | web     |",
        "GET    | /api/v1/namespaces/default/pods              | true | watch            |      | v1 | default | pods       |         |",
        "GET    | /api/v1/watch/namespaces/default/pods        | -    | watch            |      | v1 | default | pods       |         |",
        "PUT    | /api/v1/namespaces/default/pods/web/status   | -    | update           |      | v1 | default | pods       | web     | status",
        "GET    | /api/v1/namespaces/kube-system               | -    | get              |      | v1 |         | namespaces | kube-system |",
        "PUT    | /api/v1/namespaces/gone/finalize             | -    | update           |      | v1 |         | namespaces | gone    | finalize",
        "GET    | /api/v1/namespaces                           | -    | list             |      | v1 |         | namespaces |         |",
        "POST   | /apis/apps/v1/namespaces/ns/deployments      | -    | create           | apps | v1 | ns      | deployments |        |",
        "PATCH  | /apis/apps/v1/namespaces/ns/deployments/d/scale | - | patch            | apps | v1 | ns      | deployments | d      | scale",
        "DELETE | /api/v1/namespaces/ns/configmaps             | -    | deletecollection |      | v1 | ns      | configmaps |         |",
        "GET    | /api/v1/nodes                                | -    | list             |      | v1 |         | nodes      |         |",
    })
    void parsesResourcePaths(String method, String path, String watch, String verb, String group, String version,
                             String namespace, String resource, String name, String sub) {
        RequestInfo info = RequestInfo.parse(method, path, watch);
        assertEquals(new RequestInfo(true, verb, path.startsWith("/apis") ? "apis" : "api", nz(group), version,
                nz(namespace), resource, nz(name), nz(sub), path), info);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @ParameterizedTest
    @CsvSource({"/healthz", "/version", "/api", "/apis", "/apis/apps", "/apis/apps/v1", "/api/v1", "/openapi/v2"})
    void discoveryAndHealthAreNotResourceRequests(String path) {
        assertFalse(RequestInfo.parse("GET", path, null).resourceRequest());
    }
}
