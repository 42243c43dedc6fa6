package io.timonel.plugins.nodeagent.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real kubectl v1.33 against a kernel whose pod connect subresources proxy to a
 * {@link StreamingServer} over a runtime of local processes: logs, exec (WebSocket and SPDY),
 * attach, cp and port-forward (WebSocket tunnel and SPDY), and the error Statuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlStreamingTest {
    private static final String NODE = StreamingFixture.NODE;
    private static final Map<String, String> SPDY_EXEC = Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");
    private static final Map<String, String> SPDY_FORWARD = Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");

    private StreamingFixture fixture;
    private ProcessRuntime runtime;
    private Path root;
    private Kubectl kubectl;
    private ServerSocket echo;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Kubectl.installed(), "kubectl v1.33 is not installed");
        root = Files.createTempDirectory("container-root");
        Files.writeString(root.resolve("hello.txt"), "hello from the pod\n");
        runtime = new ProcessRuntime(root);
        Instant now = Instant.now();
        runtime.logs.put("c1", List.of(
                new ProcessRuntime.Line(now.minusSeconds(7200), false, "line one"),
                new ProcessRuntime.Line(now.minusSeconds(60), false, "line two"),
                new ProcessRuntime.Line(now.minusSeconds(30), true, "line three")));
        runtime.logs.put("c0", List.of(new ProcessRuntime.Line(now.minusSeconds(9000), false, "before the restart")));
        PodLocator pods = new PodLocator() {
            @Override
            public Optional<String> containerId(String namespace, String pod, String container, boolean previous) {
                if (!namespace.equals("default") || !pod.equals("demo") || !container.equals("main")) {
                    return Optional.empty();
                }
                return Optional.of(previous ? "c0" : "c1");
            }

            @Override
            public Optional<String> podAddress(String namespace, String pod) {
                return namespace.equals("default") && pod.equals("demo") ? Optional.of("127.0.0.1") : Optional.empty();
            }
        };
        Optional<StreamingFixture> started = StreamingFixture.start(runtime, pods);
        assumeTrue(started.isPresent(), "the core-api plugin jar is not built");
        fixture = started.get();
        try (ServerSocket closed = new ServerSocket(0)) {
            fixture.createNode("gone-node", closed.getLocalPort());
        }
        fixture.createPod("demo", NODE);
        fixture.createPod("unscheduled", null);
        fixture.createPod("orphan", "gone-node");
        fixture.createPod("ghost", NODE);
        kubectl = new Kubectl(fixture.cluster().kernel().adminKubeconfig());

        echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread echoThread = new Thread(this::echoLoop, "echo-server");
        echoThread.setDaemon(true);
        echoThread.start();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException e) {
                        // client gone
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (echo != null) {
            echo.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- logs --------------------------------------------------------------------------------------------

    @Test
    void logsPrintTheContainerLog() {
        Kubectl.Result r = kubectl.run("logs", "demo");
        assertEquals(0, r.code(), r.err());
        assertEquals("line one\nline two\nline three\n", r.out());
    }

    @Test
    void logsHonourTailSinceTimestampsAndPrevious() {
        assertEquals("line three\n", kubectl.run("logs", "demo", "--tail=1").out());
        assertEquals("line two\nline three\n", kubectl.run("logs", "demo", "-c", "main", "--since=1h").out());
        assertEquals("before the restart\n", kubectl.run("logs", "demo", "--previous").out());
        assertEquals("line one\nline", kubectl.run("logs", "demo", "--limit-bytes=13").out());
        String stamped = kubectl.run("logs", "demo", "--timestamps", "--tail=1").out();
        assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ line three\\n"), stamped);
    }

    @Test
    void followedLogsStreamNewLinesAsTheyCome() throws Exception {
        Process p = new ProcessBuilder(kubectl.command("logs", "-f", "demo", "--tail=0")).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            runtime.followed.add("first followed line");
            assertEquals("first followed line", readLine(out, p));
            runtime.followed.add("second followed line");
            assertEquals("second followed line", readLine(out, p));
            assertTrue(p.isAlive(), "kubectl logs -f keeps following");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readLine(BufferedReader out, Process p) throws Exception {
        var line = Executors.newSingleThreadExecutor().submit(out::readLine);
        try {
            return line.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no line from kubectl logs -f; stderr: "
                    + new String(p.getErrorStream().readNBytes(p.getErrorStream().available()), StandardCharsets.UTF_8));
        }
    }

    // ---- exec ----------------------------------------------------------------------------------------------

    @Test
    void execWithPipedStdinEndsAtEndOfInputOverWebSocket() {
        Kubectl.Result r = kubectl.run("alpha\nbeta\n", Map.of(), "exec", "-v=4", "-i", "demo", "--", "cat");
        assertEquals(0, r.code(), r.err());
        assertEquals("alpha\nbeta\n", r.out());
        assertTrue(r.err().contains("The subprotocol is v5.channel.k8s.io"), "no fallback to SPDY: " + r.err());
    }

    @Test
    void execWithPipedStdinEndsAtEndOfInputOverSpdy() {
        Kubectl.Result r = kubectl.run("gamma\ndelta\n", SPDY_EXEC, "exec", "-i", "demo", "--", "cat");
        assertEquals(0, r.code(), r.err());
        assertEquals("gamma\ndelta\n", r.out());
    }

    @Test
    void execSeparatesStreamsAndReturnsTheExitCode() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), SPDY_EXEC)) {
            Kubectl.Result r = kubectl.run(null, env, "exec", "demo", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(3, r.code(), env + " " + r.err());
            assertEquals("out\n", r.out(), env.toString());
            assertTrue(r.err().contains("err"), r.err());
        }
    }

    @Test
    void execWithTerminalRunsInTheTerminal() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) gives kubectl a terminal");
        for (Map<String, String> env : List.of(Map.<String, String>of(), SPDY_EXEC)) {
            String line = String.join(" ", kubectl.command("exec", "-it", "demo", "--", "sh", "-c", "'echo tty-ok'"));
            Kubectl.Result r = Kubectl.runCommand(List.of("script", "-qec", line, "/dev/null"), null, env);
            assertEquals(0, r.code(), env + " " + r.out() + r.err());
            assertTrue(r.out().contains("tty-ok"), r.out());
        }
    }

    @Test
    void attachCarriesStdinAndOutput() {
        Kubectl.Result r = kubectl.run("attached input\n", Map.of(), "attach", "-i", "demo");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("attached input"), r.out());
    }

    @Test
    void cpCopiesIntoAndOutOfThePod() throws IOException {
        Path local = Files.createTempFile("upload", ".txt");
        Files.writeString(local, "uploaded content\n");
        Kubectl.Result up = kubectl.run("cp", local.toString(), "default/demo:/uploaded.txt");
        assertEquals(0, up.code(), up.err());
        assertEquals("uploaded content\n", Files.readString(root.resolve("uploaded.txt")));

        Path down = Files.createTempDirectory("download").resolve("hello.txt");
        Kubectl.Result r = kubectl.run("cp", "default/demo:/hello.txt", down.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("hello from the pod\n", Files.readString(down));
    }

    @Test
    void cpMovesMegabytesIntactOverBothTransports() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(data);
        Path local = Files.createTempFile("big", ".bin");
        Files.write(local, data);
        Kubectl.Result up = kubectl.run(null, Map.of(), "cp", local.toString(), "default/demo:/big.bin");
        assertEquals(0, up.code(), up.err());
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(root.resolve("big.bin"))), "upload over WebSocket");

        Path down = Files.createTempDirectory("download").resolve("big.bin");
        Kubectl.Result r = kubectl.run(null, SPDY_EXEC, "cp", "default/demo:/big.bin", down.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(down)), "download over SPDY");
    }

    @Test
    void discoveryListsTheConnectSubresources() {
        String coreV1 = kubectl.run("get", "--raw", "/api/v1").out();
        for (String sub : List.of("pods/log", "pods/exec", "pods/attach", "pods/portforward")) {
            assertTrue(coreV1.contains("\"" + sub + "\""), sub + " in " + coreV1.length() + " bytes of discovery");
        }
    }

    // ---- port-forward -----------------------------------------------------------------------------------

    @Test
    void portForwardCarriesConnectionsOverWebSocket() throws Exception {
        portForward(Map.of());
    }

    @Test
    void portForwardCarriesConnectionsOverSpdy() throws Exception {
        portForward(SPDY_FORWARD);
    }

    private void portForward(Map<String, String> env) throws Exception {
        int local;
        try (ServerSocket free = new ServerSocket(0)) {
            local = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(kubectl.command("port-forward", "-v=4", "pod/demo",
                local + ":" + echo.getLocalPort()));
        Path log = Files.createTempFile("port-forward", ".log");
        builder.redirectError(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = readLine(out, p);
            assertTrue(first.startsWith("Forwarding from"), first);
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", local)) {
                    s.setSoTimeout(20_000);
                    OutputStream o = s.getOutputStream();
                    String message = "ping " + i + " " + env + "\n";
                    o.write(message.getBytes(StandardCharsets.UTF_8));
                    o.flush();
                    byte[] back = s.getInputStream().readNBytes(message.length());
                    assertEquals(message, new String(back, StandardCharsets.UTF_8));
                }
            }
            byte[] bulk = new byte[2 * 1024 * 1024];
            new java.util.Random(7).nextBytes(bulk);
            try (Socket s = new Socket("127.0.0.1", local)) {
                s.setSoTimeout(20_000);
                Thread writer = new Thread(() -> {
                    try {
                        s.getOutputStream().write(bulk);
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // the read side reports the failure
                    }
                });
                writer.start();
                byte[] back = s.getInputStream().readAllBytes();
                writer.join(20_000);
                assertTrue(java.util.Arrays.equals(bulk, back), "2 MiB echoed intact, got " + back.length + " bytes");
            }
            assertTrue(p.isAlive(), "kubectl port-forward keeps running");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String verbose = Files.readString(log);
        Files.delete(log);
        // which transport carried it: the WebSocket tunnel logs its negotiation, plain SPDY does not
        assertEquals(env.isEmpty(), verbose.contains("negotiated protocol: portforward.k8s.io"), verbose);
    }

    // ---- errors --------------------------------------------------------------------------------------------

    @Test
    void errorsAreKubernetesStatuses() {
        Kubectl.Result missing = kubectl.run("logs", "nope");
        assertTrue(missing.err().contains("pods \"nope\" not found"), missing.err());
        Kubectl.Result badContainer = kubectl.run("logs", "demo", "-c", "wrong");
        assertTrue(badContainer.err().contains("container wrong is not valid for pod demo"), badContainer.err());
        Kubectl.Result unscheduled = kubectl.run("exec", "unscheduled", "--", "true");
        assertTrue(unscheduled.err().contains("pod unscheduled does not have a host assigned"), unscheduled.err());
        Kubectl.Result unknownToAgent = kubectl.run("exec", "ghost", "--", "true");
        assertTrue(unknownToAgent.err().contains("container \"main\" in pod \"ghost\" is not running on node"),
                unknownToAgent.err());
        Kubectl.Result unreachable = kubectl.run("logs", "orphan");
        assertTrue(unreachable.err().contains("ServiceUnavailable") && unreachable.err().contains("node agent"),
                unreachable.err());
        List<String> codes = new ArrayList<>(List.of(Integer.toString(missing.code()), Integer.toString(unreachable.code())));
        assertEquals(List.of("1", "1"), codes);
    }
}
