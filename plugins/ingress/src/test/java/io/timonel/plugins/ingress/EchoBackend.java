package io.timonel.plugins.ingress;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: an HTTP server on 127.0.0.1 and a free port that answers every request with its
 * own name, the path and the forwarding headers it received, one per line:
 * {@code backend=NAME}, {@code path=...}, {@code host=...}, {@code x-forwarded-for=...},
 * {@code x-forwarded-proto=...}, {@code x-forwarded-host=...}.
 */
public final class EchoBackend implements AutoCloseable {
    private final HttpServer server;

    public EchoBackend(String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            String body = "backend=" + name + "\npath=" + exchange.getRequestURI().getPath()
                    + "\nhost=" + h.getFirst("Host") + "\nx-forwarded-for=" + h.getFirst("X-Forwarded-For")
                    + "\nx-forwarded-proto=" + h.getFirst("X-Forwarded-Proto")
                    + "\nx-forwarded-host=" + h.getFirst("X-Forwarded-Host") + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
