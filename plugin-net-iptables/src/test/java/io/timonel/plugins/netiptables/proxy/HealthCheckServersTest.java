package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckServersTest {
    final HealthCheckServers servers = new HealthCheckServers("127.0.0.1");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void close() {
        servers.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answers200WithLocalEndpointsAnd503WithoutAndFollowsChanges() throws Exception {
        int port = freePort();
        servers.update(Map.of(port, new ServiceModels.LocalEndpoints("shop", "web", 2)));
        HttpResponse<String> healthy = get(port);
        assertEquals(200, healthy.statusCode());
        assertEquals("{\"service\":{\"namespace\":\"shop\",\"name\":\"web\"},\"localEndpoints\":2,"
                + "\"serviceProxyHealthy\":true}\n", healthy.body());
        assertEquals("application/json", healthy.headers().firstValue("Content-Type").orElse(""));

        servers.update(Map.of(port, new ServiceModels.LocalEndpoints("shop", "web", 0)));
        assertEquals(503, get(port).statusCode());
    }

    @Test
    void portsOfServicesGoneAreClosed() throws Exception {
        int port = freePort();
        servers.update(Map.of(port, new ServiceModels.LocalEndpoints("shop", "web", 1)));
        assertEquals(200, get(port).statusCode());

        servers.update(Map.of());
        assertTrue(servers.ports().isEmpty());
        assertThrows(IOException.class, () -> get(port));
    }
}
