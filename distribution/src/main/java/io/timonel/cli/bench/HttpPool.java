package io.timonel.cli.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A few HTTP/1.1 clients shared round-robin by the load workers. One JDK client funnels all its
 * connections through a single selector thread; with dozens of busy connections that thread,
 * not the server, can become the limit, so workers are spread over several clients.
 */
public final class HttpPool {

    private final HttpClient[] clients;

    /**
     * @param sslContext TLS credentials, or null for plain HTTP
     * @param size       number of clients (each keeps its own connections)
     */
    public HttpPool(SSLContext sslContext, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("pool size must be positive: " + size);
        }
        clients = new HttpClient[size];
        for (int i = 0; i < size; i++) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (sslContext != null) {
                builder.sslContext(sslContext);
            }
            clients[i] = builder.build();
        }
    }

    /** The client that {@code worker} uses (always the same one for the same worker). */
    public HttpClient client(int worker) {
        return clients[Math.floorMod(worker, clients.length)];
    }

    public int size() {
        return clients.length;
    }
}
