package io.timonel.plugins.nodeagent.streaming.portforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.streaming.Upgraded;
import io.timonel.plugins.nodeagent.streaming.websocket.ChannelWebSocket;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketPortForwardTest {
    private static final byte[] MASK = {9, 8, 7, 6};

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        threads.shutdownNow();
    }

    // ---- request parsing --------------------------------------------------------------------------------

    @Test
    void portsComeFromBothParametersInOrderAndMayBeCommaSeparated() {
        Outcome<List<Integer>> ports = WebSocketPortForward.ports(Map.of("ports", List.of("8080,9090", "53"),
                "port", List.of("1")));
        assertTrue(ports.ok(), ports.message());
        assertEquals(List.of(8080, 9090, 53, 1), ports.value());
    }

    @Test
    void missingOrMalformedPortsAreBadRequests() {
        for (Map<String, List<String>> query : List.of(Map.<String, List<String>>of(),
                Map.of("ports", List.of("")), Map.of("ports", List.of("http")), Map.of("ports", List.of("0")),
                Map.of("ports", List.of("65536")), Map.of("ports", List.of("80,")))) {
            Outcome<List<Integer>> ports = WebSocketPortForward.ports(query);
            assertFalse(ports.ok(), query.toString());
            assertEquals("BadRequest", ports.reason());
        }
    }

    @Test
    void binaryFramingIsPreferredAndNoSubprotocolMeansBinary() {
        assertEquals(Map.entry("v4.channel.k8s.io", ChannelWebSocket.Framing.BINARY),
                WebSocketPortForward.negotiate(List.of("v4.base64.channel.k8s.io", "v4.channel.k8s.io")).orElseThrow());
        assertEquals(Map.entry("v4.base64.channel.k8s.io", ChannelWebSocket.Framing.BASE64),
                WebSocketPortForward.negotiate(List.of("v4.base64.channel.k8s.io")).orElseThrow());
        assertEquals(Map.entry("", ChannelWebSocket.Framing.BINARY),
                WebSocketPortForward.negotiate(List.of()).orElseThrow());
        assertTrue(WebSocketPortForward.negotiate(List.of("channel.k8s.io")).isEmpty());
    }

    @Test
    void thePreambleIsThePortLittleEndian() {
        assertArrayEquals(new byte[] {(byte) 0x90, 0x1F}, WebSocketPortForward.portPreamble(8080));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, WebSocketPortForward.portPreamble(65535));
    }

    // ---- sessions ---------------------------------------------------------------------------------------

    @Test
    void eachPortAnnouncesItselfThenCarriesDataOnItsOwnChannel() throws Exception {
        int first = pod(WebSocketPortForwardTest::echo);
        int second = pod(s -> {
            try (s) {
                byte[] line = s.getInputStream().readNBytes(5);
                s.getOutputStream().write(new String(line, StandardCharsets.US_ASCII).toUpperCase().getBytes());
                s.getInputStream().read(); // keep the connection until the client goes
            } catch (IOException e) {
                // gone
            }
        });
        Client client = serve(List.of(first, second), ChannelWebSocket.Framing.BINARY);
        assertArrayEquals(new byte[] {0, (byte) first, (byte) (first >>> 8)}, client.nextData().payload());
        assertArrayEquals(new byte[] {1, (byte) first, (byte) (first >>> 8)}, client.nextData().payload());
        assertArrayEquals(new byte[] {2, (byte) second, (byte) (second >>> 8)}, client.nextData().payload());
        assertArrayEquals(new byte[] {3, (byte) second, (byte) (second >>> 8)}, client.nextData().payload());

        client.send(WebSocketCodec.BINARY, "\0ping".getBytes(StandardCharsets.US_ASCII));
        client.send(WebSocketCodec.BINARY, "\2hello".getBytes(StandardCharsets.US_ASCII));
        client.send(WebSocketCodec.BINARY, "\1ignored: the error channel is the server's".getBytes(StandardCharsets.US_ASCII));
        List<String> got = new ArrayList<>();
        while (got.size() < 2) {
            byte[] p = client.nextData().payload();
            got.add(p[0] + ":" + new String(p, 1, p.length - 1, StandardCharsets.US_ASCII));
        }
        got.sort(null);
        assertEquals(List.of("0:ping", "2:HELLO"), got);
        client.close();
    }

    @Test
    void thePodClosingItsConnectionClosesTheWebSocket() throws Exception {
        int port = pod(s -> {
            try (s) {
                s.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // gone
            }
        });
        Client client = serve(List.of(port), ChannelWebSocket.Framing.BINARY);
        client.nextData();
        client.nextData();
        assertArrayEquals("\0bye".getBytes(StandardCharsets.US_ASCII), client.nextData().payload());
        WebSocketCodec.Frame close = client.next();
        assertEquals(WebSocketCodec.CLOSE, close.opcode());
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8}, close.payload(), "normal closure");
        client.send(WebSocketCodec.CLOSE, close.payload());
        client.session.get(10, TimeUnit.SECONDS);
        assertEquals(-1, client.socket.getInputStream().read(), "the connection ends");
    }

    @Test
    void anUnreachablePortIsReportedOnItsErrorChannel() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Client client = serve(List.of(closed), ChannelWebSocket.Framing.BINARY);
        client.nextData();
        client.nextData();
        byte[] error = client.nextData().payload();
        assertEquals(1, error[0]);
        String message = new String(error, 1, error.length - 1, StandardCharsets.UTF_8);
        assertTrue(message.startsWith("error forwarding port " + closed + " to pod default/demo"), message);
        assertEquals(WebSocketCodec.CLOSE, client.next().opcode());
    }

    @Test
    void base64FramingTravelsInTextMessages() throws Exception {
        int port = pod(WebSocketPortForwardTest::echo);
        Client client = serve(List.of(port), ChannelWebSocket.Framing.BASE64);
        WebSocketCodec.Frame preamble = client.nextData();
        assertEquals(WebSocketCodec.TEXT, preamble.opcode());
        String expected = Base64.getEncoder().encodeToString(new byte[] {(byte) port, (byte) (port >>> 8)});
        assertEquals("0" + expected, new String(preamble.payload(), StandardCharsets.US_ASCII));
        assertEquals("1" + expected, new String(client.nextData().payload(), StandardCharsets.US_ASCII));
        client.send(WebSocketCodec.TEXT, ("0" + Base64.getEncoder().encodeToString("echo me".getBytes()))
                .getBytes(StandardCharsets.US_ASCII));
        String echoed = new String(client.nextData().payload(), StandardCharsets.US_ASCII);
        assertEquals("echo me", new String(Base64.getDecoder().decode(echoed.substring(1)), StandardCharsets.US_ASCII));
        assertEquals('0', echoed.charAt(0));
        client.close();
    }

    @Test
    void theClientClosingEndsThePodConnectionAfterItsLastBytes() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        int port = pod(s -> {
            try (s) {
                received.complete(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        });
        Client client = serve(List.of(port), ChannelWebSocket.Framing.BINARY);
        client.nextData();
        client.nextData();
        client.send(WebSocketCodec.BINARY, "\0last words".getBytes(StandardCharsets.US_ASCII));
        client.send(WebSocketCodec.CLOSE, new byte[] {0x03, (byte) 0xE8});
        assertEquals("last words", received.get(10, TimeUnit.SECONDS));
        client.session.get(10, TimeUnit.SECONDS);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static void echo(Socket s) {
        try (s) {
            s.getInputStream().transferTo(s.getOutputStream());
        } catch (IOException e) {
            // gone
        }
    }

    /** A stand-in for the pod's port: each accepted connection is handed to {@code handler} on its own thread. */
    private int pod(Consumer<Socket> handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    threads.execute(() -> handler.accept(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** Serves a forward over a loopback socket pair; the returned client end speaks raw WebSocket frames. */
    private Client serve(List<Integer> ports, ChannelWebSocket.Framing framing) throws IOException {
        Socket serverEnd;
        Socket clientEnd;
        try (ServerSocket pair = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            clientEnd = new Socket(InetAddress.getLoopbackAddress(), pair.getLocalPort());
            serverEnd = pair.accept();
        }
        open.add(serverEnd);
        open.add(clientEnd);
        clientEnd.setSoTimeout(10_000);
        WebSocketPortForward forward = new WebSocketPortForward("default/demo", "127.0.0.1", ports, framing, threads);
        Upgraded upgraded = new Upgraded(serverEnd.getInputStream(), serverEnd.getOutputStream(), serverEnd);
        CompletableFuture<Void> session = CompletableFuture.runAsync(() -> forward.serve(upgraded), threads);
        return new Client(clientEnd, session);
    }

    private record Client(Socket socket, CompletableFuture<Void> session) {
        void send(int opcode, byte[] payload) throws IOException {
            OutputStream out = socket.getOutputStream();
            WebSocketCodec.writeMasked(out, opcode, payload, MASK);
            out.flush();
        }

        WebSocketCodec.Frame next() throws IOException {
            InputStream in = socket.getInputStream();
            return WebSocketCodec.read(in, 1 << 20);
        }

        /** The next data (text or binary) frame. */
        WebSocketCodec.Frame nextData() throws IOException {
            WebSocketCodec.Frame frame = next();
            if (frame == null || frame.control()) {
                throw new AssertionError("expected a data message, got " + (frame == null ? "the end" : frame.opcode()));
            }
            return frame;
        }

        void close() throws IOException {
            socket.close();
        }
    }
}
