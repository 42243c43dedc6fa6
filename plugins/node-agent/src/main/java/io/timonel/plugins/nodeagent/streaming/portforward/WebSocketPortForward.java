package io.timonel.plugins.nodeagent.streaming.portforward;

import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.streaming.ByteQueue;
import io.timonel.plugins.nodeagent.streaming.Upgraded;
import io.timonel.plugins.nodeagent.streaming.websocket.ChannelWebSocket;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Port-forward over WebSocket with numbered channels, as the Java clients (fabric8, the official
 * client) and other non-Go clients speak it: subprotocol {@code v4.channel.k8s.io} (binary),
 * {@code v4.base64.channel.k8s.io} (text, base64) or none (binary). The ports come in the query
 * ({@code ?ports=8080&ports=9090} as the API server gets it, or {@code ?port=…} as the kubelet does;
 * values may also be comma-separated). For the i-th port, channel {@code 2i} carries data both
 * ways and channel {@code 2i+1} errors from this end; right after the handshake each of the two
 * carries a first message holding the port as an unsigned 16-bit little-endian number.
 *
 * <p>Each port gets one TCP connection to the pod for the lifetime of the WebSocket. When the pod
 * closes it (or it cannot be opened: the reason goes on the error channel as text) that port is
 * done; once every port is done the WebSocket is closed. The client closing the WebSocket ends
 * every connection.
 */
public final class WebSocketPortForward {
    public static final String V4 = "v4.channel.k8s.io";
    public static final String V4_BASE64 = "v4.base64.channel.k8s.io";

    /** Two channels per port, and a channel is one byte. */
    static final int MAX_PORTS = 128;
    /** How much of the client's data may wait for a slow pod before the WebSocket stops being read. */
    static final int QUEUE_LIMIT = 256 * 1024;
    /** How long the client may take to answer our close, or the pod connections to wind down after its close. */
    static final Duration HANG_UP_WAIT = Duration.ofSeconds(10);

    private final String podName;
    private final String podAddress;
    private final List<Integer> ports;
    private final ChannelWebSocket.Framing framing;
    private final ExecutorService threads;

    /**
     * @param podName    for error messages ({@code namespace/name})
     * @param podAddress the address the pod's ports are reached at from this node
     * @param ports      the ports in the order the request named them
     */
    public WebSocketPortForward(String podName, String podAddress, List<Integer> ports,
                                ChannelWebSocket.Framing framing, ExecutorService threads) {
        this.podName = podName;
        this.podAddress = podAddress;
        this.ports = List.copyOf(ports);
        this.framing = framing;
        this.threads = threads;
    }

    /**
     * The framing for the subprotocols a client offered, in this end's preference order; for no
     * subprotocol at all, binary framing under the empty name. Empty when none is supported.
     */
    public static Optional<Map.Entry<String, ChannelWebSocket.Framing>> negotiate(List<String> offered) {
        if (offered.isEmpty()) {
            return Optional.of(Map.entry("", ChannelWebSocket.Framing.BINARY));
        }
        if (offered.contains(V4)) {
            return Optional.of(Map.entry(V4, ChannelWebSocket.Framing.BINARY));
        }
        if (offered.contains(V4_BASE64)) {
            return Optional.of(Map.entry(V4_BASE64, ChannelWebSocket.Framing.BASE64));
        }
        return Optional.empty();
    }

    /** The ports a request's query names (parameters {@code ports} and {@code port}), in order. */
    public static Outcome<List<Integer>> ports(Map<String, List<String>> query) {
        List<String> values = new ArrayList<>(query.getOrDefault("ports", List.of()));
        values.addAll(query.getOrDefault("port", List.of()));
        if (values.isEmpty()) {
            return Outcome.failed("BadRequest", "query parameter \"ports\" is required");
        }
        List<Integer> ports = new ArrayList<>();
        for (String value : values) {
            if (value.isEmpty()) {
                return Outcome.failed("BadRequest", "query parameter \"ports\" cannot be empty");
            }
            for (String part : value.split(",", -1)) {
                int port = PortForward.parsePort(part);
                if (port < 0) {
                    return Outcome.failed("BadRequest", "unable to parse \"" + part + "\" as a port: it must be a "
                            + "number between 1 and 65535");
                }
                ports.add(port);
            }
        }
        if (ports.size() > MAX_PORTS) {
            return Outcome.failed("BadRequest", "at most " + MAX_PORTS + " ports can be forwarded over one WebSocket");
        }
        return Outcome.of(ports);
    }

    /** The first message on both channels of a port: the port, unsigned 16-bit little-endian. */
    static byte[] portPreamble(int port) {
        return new byte[] {(byte) port, (byte) (port >>> 8)};
    }

    /** Serves the connection until every port is done or the client closes; blocks the calling thread. */
    public void serve(Upgraded upgraded) {
        ChannelWebSocket channels = new ChannelWebSocket(
                new WebSocketConnection(upgraded.in(), upgraded.out(), upgraded), framing);
        List<Forward> forwards = new ArrayList<>();
        try {
            for (int i = 0; i < ports.size(); i++) {
                byte[] preamble = portPreamble(ports.get(i));
                channels.send(2 * i, preamble, 0, preamble.length);
                channels.send(2 * i + 1, preamble, 0, preamble.length);
                forwards.add(new Forward(channels, i, ports.get(i)));
            }
        } catch (IOException e) {
            channels.close(); // the client left before it could be told the ports
            return;
        }
        CompletableFuture<?>[] running = forwards.stream()
                .map(f -> CompletableFuture.runAsync(f::run, threads)).toArray(CompletableFuture[]::new);
        CompletableFuture<Void> allDone = CompletableFuture.allOf(running);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readClient(channels, forwards), threads);
        try {
            CompletableFuture.anyOf(allDone, reading).get();
            if (!reading.isDone()) {
                // every pod connection ended: say so, and let the client answer the close
                sendCloseQuietly(channels);
                reading.get(HANG_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                // the client is gone: what it sent still goes to the pod, then the connections end
                allDone.get(HANG_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // close below
        } finally {
            forwards.forEach(Forward::stop);
            channels.close();
        }
    }

    /** The client's messages: data for the pod on the even channels. Ends when the client closes or goes. */
    private static void readClient(ChannelWebSocket channels, List<Forward> forwards) {
        try {
            ChannelWebSocket.Received message;
            while ((message = channels.next()) != null) {
                int channel = message.channel();
                // odd channels are ours alone (errors); the kubelet drops what a client writes there too
                if (channel % 2 == 0 && channel / 2 < forwards.size()) {
                    forwards.get(channel / 2).toPod.put(message.payload());
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            forwards.forEach(f -> f.toPod.end());
        }
    }

    private static void sendCloseQuietly(ChannelWebSocket channels) {
        try {
            channels.sendClose(1000);
        } catch (IOException e) {
            // the client is gone
        }
    }

    /** One port: its connection to the pod and the client's bytes waiting for it. */
    private final class Forward {
        private final ChannelWebSocket channels;
        private final int index;
        private final int port;
        final ByteQueue toPod = new ByteQueue(QUEUE_LIMIT);
        private final Socket socket = new Socket();

        Forward(ChannelWebSocket channels, int index, int port) {
            this.channels = channels;
            this.index = index;
            this.port = port;
        }

        /** Connects, then copies the pod's bytes to the client until the pod closes. */
        void run() {
            try {
                socket.connect(new InetSocketAddress(podAddress, port), (int) PortForward.CONNECT_TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                stop();
                sendError("error forwarding port " + port + " to pod " + podName + ": failed to connect to "
                        + podAddress + ":" + port + ": " + e.getMessage());
                return;
            }
            threads.execute(this::copyToPod);
            byte[] buffer = new byte[32 * 1024];
            try (InputStream fromPod = socket.getInputStream()) {
                int n;
                while ((n = fromPod.read(buffer)) >= 0) {
                    if (n > 0) {
                        channels.send(2 * index, buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the pod or the client went away
            } finally {
                stop();
            }
        }

        private void copyToPod() {
            InputStream fromClient = toPod.input();
            byte[] buffer = new byte[32 * 1024];
            try {
                OutputStream out = socket.getOutputStream();
                int n;
                while ((n = fromClient.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                // the client closed the WebSocket: nobody will read the pod's answer
                socket.close();
            } catch (IOException e) {
                // the pod closed the connection
            } finally {
                closeQuietly(fromClient); // what the client sends from now on is dropped
            }
        }

        private void sendError(String message) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            try {
                channels.send(2 * index + 1, text, 0, text.length);
            } catch (IOException e) {
                // the client is gone
            }
        }

        /** Ends this port's connection; the client's further bytes for it are dropped. */
        void stop() {
            closeQuietly(socket);
            closeQuietly(toPod.input());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
