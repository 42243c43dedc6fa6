package io.timonel.plugins.nodeagent.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.timonel.kernel.testing.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fabric8 client (6.13) against a kernel whose pod connect subresources proxy to a
 * {@link StreamingServer}: port-forward over WebSocket channels ({@code v4.channel.k8s.io}) to an
 * HTTP server standing for the pod, and exec with separate streams and the exit code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8StreamingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private StreamingFixture fixture;
    private HttpServer http;
    private Path root;
    private final AtomicInteger greetings = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/hello", exchange -> {
            byte[] body = ("hello " + greetings.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();

        root = Files.createTempDirectory("container-root");
        PodLocator pods = new PodLocator() {
            @Override
            public Optional<String> containerId(String namespace, String pod, String container, boolean previous) {
                return pod.equals("demo") ? Optional.of("c1") : Optional.empty();
            }

            @Override
            public Optional<String> podAddress(String namespace, String pod) {
                return pod.equals("demo") ? Optional.of("127.0.0.1") : Optional.empty();
            }
        };
        Optional<StreamingFixture> started = StreamingFixture.start(new ProcessRuntime(root), pods);
        assumeTrue(started.isPresent(), "the core-api plugin jar is not built");
        fixture = started.get();
        fixture.createPod("demo", StreamingFixture.NODE);
    }

    @AfterAll
    void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private PodResource demo() {
        KubernetesClient client = fixture.client();
        return client.pods().inNamespace("default").withName("demo");
    }

    // ---- port-forward -----------------------------------------------------------------------------------

    @Test
    void portForwardCarriesOneHttpConnectionAfterAnother() throws Exception {
        try (LocalPortForward forward = demo().portForward(http.getAddress().getPort())) {
            for (int i = 0; i < 3; i++) {
                // Connection: close: the pod ends each connection, and with it its WebSocket
                String response = new String(request(forward.getLocalPort(),
                        "GET /hello HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n", null), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.matches("(?s).*\r\n\r\nhello \\d+\n"), response);
            }
            assertFalse(forward.errorOccurred(), () -> "errors: " + forward.getServerThrowables()
                    + forward.getClientThrowables());
        }
    }

    @Test
    void portForwardServesAKeptAliveHttpClient() throws Exception {
        try (LocalPortForward forward = demo().portForward(http.getAddress().getPort())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/hello")).timeout(WAIT).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertTrue(response.body().startsWith("hello "), response.body());
            }
        }
    }

    @Test
    void portForwardEchoesAMegabyteIntact() throws Exception {
        byte[] data = new byte[1024 * 1024];
        new Random(11).nextBytes(data);
        try (LocalPortForward forward = demo().portForward(http.getAddress().getPort())) {
            byte[] response = request(forward.getLocalPort(), "POST /echo HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n"
                    + "Content-Length: " + data.length + "\r\n\r\n", data);
            int bodyStart = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            String head = new String(response, 0, bodyStart, StandardCharsets.US_ASCII);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertArrayEquals(data, Arrays.copyOfRange(response, bodyStart, response.length), "1 MiB echoed");
        }
    }

    @Test
    void portForwardToAClosedPortReportsTheError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (LocalPortForward forward = demo().portForward(closedPort);
             Socket s = new Socket("127.0.0.1", forward.getLocalPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, s.getInputStream().read(), "the local connection ends");
            TestCluster.await("the forwarder records the error", WAIT, forward::errorOccurred);
            assertTrue(forward.getServerThrowables().toString().contains("error forwarding port " + closedPort),
                    forward.getServerThrowables().toString());
        }
    }

    /** Sends {@code head} and {@code body} on a new connection and reads the answer to its end. */
    private static byte[] request(int port, String head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            // written aside: the pod answers while the body is still being sent
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] response = s.getInputStream().readAllBytes();
            sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return response;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of the response head in " + haystack.length + " bytes");
    }

    // ---- exec ----------------------------------------------------------------------------------------------

    @Test
    void execSeparatesStdoutAndStderrAndReportsSuccess() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = demo().writingOutput(out).writingError(err)
                .exec("sh", "-c", "echo to-out; echo to-err >&2")) {
            assertEquals(0, watch.exitCode().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals("to-out\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("to-err\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execReturnsTheCommandsExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = demo().writingOutput(out).exec("sh", "-c", "echo failing; exit 4")) {
            assertEquals(4, watch.exitCode().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals("failing\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execCarriesStdinAndRedirectedOutput() throws Exception {
        try (ExecWatch watch = demo().redirectingInput().redirectingOutput().exec("sh", "-c", "read line; echo got $line")) {
            watch.getInput().write("ping\n".getBytes(StandardCharsets.UTF_8));
            watch.getInput().flush();
            byte[] answer = watch.getOutput().readAllBytes();
            assertEquals("got ping\n", new String(answer, StandardCharsets.UTF_8));
            assertEquals(0, watch.exitCode().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
