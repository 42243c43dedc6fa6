package io.timonel.plugins.nodeagent.streaming.portforward;

import io.timonel.plugins.nodeagent.streaming.Upgraded;
import io.timonel.plugins.nodeagent.streaming.spdy.SpdyConnection;
import io.timonel.plugins.nodeagent.streaming.spdy.SpdyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Port-forward over SPDY/3.1 ({@code portforward.k8s.io}), plain or tunnelled in WebSocket: for
 * each forwarded connection the client opens an error stream and a data stream sharing the
 * headers {@code port} and {@code requestID}. Once both are there, this end connects to the pod's
 * port and copies bytes both ways; a failure is written as text on the error stream, which is
 * half-closed (empty: no error) when the forwarding ends.
 */
public final class PortForward {
    public static final String PROTOCOL = "portforward.k8s.io";
    public static final String WEBSOCKET_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String podName;
    private final String podAddress;
    private final ExecutorService threads;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private static final class Pair {
        SpdyStream error;
        SpdyStream data;
    }

    /**
     * @param podName    for error messages ({@code namespace/name})
     * @param podAddress the address the pod's ports are reached at from this node
     */
    public PortForward(String podName, String podAddress, ExecutorService threads) {
        this.podName = podName;
        this.podAddress = podAddress;
        this.threads = threads;
    }

    /** Serves the connection until the client closes it; blocks the calling thread. */
    public void serve(Upgraded upgraded) {
        SpdyConnection connection = new SpdyConnection(upgraded.in(), upgraded.out(), upgraded, this::accept);
        try {
            connection.serve();
        } finally {
            sockets.forEach(PortForward::closeQuietly);
            connection.close();
        }
    }

    private void accept(SpdyStream stream) {
        String type = stream.header("streamType");
        String requestId = stream.header("requestID");
        if (requestId == null) {
            requestId = stream.header("port"); // clients before requestID existed used one pair per port
        }
        if (requestId == null || !("error".equals(type) || "data".equals(type))) {
            stream.reset();
            return;
        }
        try {
            stream.reply();
        } catch (IOException e) {
            return;
        }
        Pair ready = null;
        synchronized (pairs) {
            Pair pair = pairs.computeIfAbsent(requestId, k -> new Pair());
            if (type.equals("error")) {
                pair.error = stream;
            } else {
                pair.data = stream;
            }
            if (pair.error != null && pair.data != null) {
                pairs.remove(requestId);
                ready = pair;
            }
        }
        if (ready != null) {
            Pair p = ready;
            threads.execute(() -> forward(p.error, p.data));
        }
    }

    private void forward(SpdyStream error, SpdyStream data) {
        String portText = data.header("port");
        int port = parsePort(portText);
        if (port < 0) {
            fail(error, data, "invalid port " + portText + ": it must be a number between 1 and 65535");
            return;
        }
        Socket socket = new Socket();
        sockets.add(socket);
        try {
            socket.connect(new InetSocketAddress(podAddress, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            sockets.remove(socket);
            closeQuietly(socket);
            fail(error, data, "error forwarding port " + port + " to pod " + podName + ": failed to connect to "
                    + podAddress + ":" + port + ": " + e.getMessage());
            return;
        }
        threads.execute(() -> toPod(data, socket));
        try (InputStream fromPod = socket.getInputStream()) {
            OutputStream toClient = data.output();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = fromPod.read(buffer)) >= 0) {
                toClient.write(buffer, 0, n);
            }
            toClient.close();
        } catch (IOException e) {
            // the pod or the client went away
        } finally {
            sockets.remove(socket);
            closeQuietly(socket);
            closeQuietly(error.output());
        }
    }

    private static void toPod(SpdyStream data, Socket socket) {
        try {
            InputStream fromClient = data.input();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = fromClient.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (data.isReset()) {
                socket.close(); // the client dropped the stream: nobody reads the pod's answer
            } else {
                socket.shutdownOutput(); // the client's connection half-closed: pass it on
            }
        } catch (IOException e) {
            // the socket was closed from the other side
        }
    }

    private static void fail(SpdyStream error, SpdyStream data, String message) {
        try {
            OutputStream out = error.output();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException e) {
            // the client is gone
        }
        closeQuietly(data.output());
    }

    static int parsePort(String text) {
        if (text == null) {
            return -1;
        }
        try {
            int port = Integer.parseInt(text.trim());
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
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
