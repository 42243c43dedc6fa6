package io.timonel.plugins.nodeagent.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.streaming.portforward.PortForward;
import io.timonel.plugins.nodeagent.streaming.portforward.WebSocketPortForward;
import io.timonel.plugins.nodeagent.streaming.remotecommand.CommandOptions;
import io.timonel.plugins.nodeagent.streaming.remotecommand.SessionStarter;
import io.timonel.plugins.nodeagent.streaming.remotecommand.SpdyCommand;
import io.timonel.plugins.nodeagent.streaming.remotecommand.WebSocketCommand;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketCodec;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketConnection;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketTunnel;
import io.timonel.spi.node.NodeContext;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;
import org.xnio.StreamConnection;
import org.xnio.streams.ChannelInputStream;
import org.xnio.streams.ChannelOutputStream;

/**
 * The agent's HTTPS endpoint for the API server: container logs, exec, attach and port-forward
 * of the pods on this node (what kubectl reaches through {@code pods/log}, {@code pods/exec},
 * {@code pods/attach} and {@code pods/portforward}), at the kubelet's paths:
 * <pre>
 *   GET /containerLogs/{ns}/{pod}/{container}?follow=&amp;tailLines=&amp;sinceSeconds=&amp;sinceTime=&amp;timestamps=&amp;previous=&amp;limitBytes=
 *   GET|POST /exec/{ns}/{pod}/{container}?command=…&amp;stdin=&amp;stdout=&amp;stderr=&amp;tty=   (upgrade)
 *   GET|POST /attach/{ns}/{pod}/{container}?stdin=&amp;stdout=&amp;stderr=&amp;tty=            (upgrade)
 *   GET|POST /portForward/{ns}/{pod}?ports=…                                          (upgrade)
 * </pre>
 * Exec and attach speak WebSocket ({@code v5.channel.k8s.io}, {@code v4.channel.k8s.io}) or SPDY/3.1
 * ({@code v4.channel.k8s.io}); port-forward speaks SPDY/3.1 ({@code portforward.k8s.io}), plain or
 * tunnelled in WebSocket ({@code SPDY/3.1+portforward.k8s.io}) as kubectl does, or WebSocket
 * channels ({@code v4.channel.k8s.io}, {@code v4.base64.channel.k8s.io}, none) as the Java clients
 * do, chosen by the subprotocols offered.
 *
 * <p>Only clients with a certificate signed by the cluster CA are let in by TLS, and of those only
 * the API server's kubelet-client identity ({@value #API_SERVER_USER}) and {@code system:masters}.
 * Each upgraded session holds threads of this server's own pool for its lifetime.
 */
public final class StreamingServer implements AutoCloseable {
    /** The user the API server presents to node agents. */
    public static final String API_SERVER_USER = "system:timonel:apiserver-kubelet-client";
    private static final String MASTERS = "system:masters";
    private static final Logger LOG = LoggerFactory.getLogger(StreamingServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContainerRuntime runtime;
    private final PodLocator pods;
    private final NodeContext context;
    private final Clock clock;
    private final ExecutorService threads;
    private final Set<Runnable> activeLogs = ConcurrentHashMap.newKeySet();
    private Undertow undertow;

    public StreamingServer(ContainerRuntime runtime, PodLocator pods, NodeContext context) {
        this.runtime = runtime;
        this.pods = pods;
        this.context = context;
        this.clock = context.clock();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "streaming-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens on {@code port} (0: any free port) of every address; returns the port. */
    public synchronized int start(int port) {
        if (undertow != null) {
            throw new IllegalStateException("the streaming server is already started");
        }
        SSLContext tls = AgentTls.serverContext(context.nodeName(), context.api().caPem());
        Undertow server = Undertow.builder()
                .addHttpsListener(port, "0.0.0.0", tls)
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setIoThreads(2)
                .setWorkerThreads(8)
                .setHandler(new BlockingHandler(this::handle))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        undertow = server;
        int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        LOG.info("streaming server of node {} listening on port {}", context.nodeName(), bound);
        return bound;
    }

    @Override
    public synchronized void close() {
        activeLogs.forEach(Runnable::run); // followers stop, so that the workers can end
        threads.shutdownNow();
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
    }

    // ---- routing ------------------------------------------------------------------------------------

    private void handle(HttpServerExchange ex) {
        if (!fromApiServer(ex)) {
            sendStatus(ex, 403, "Forbidden", "only the API server may use the node's streaming endpoint");
            return;
        }
        Optional<StreamRequest> parsed = StreamRequest.parse(ex.getRequestPath());
        if (parsed.isEmpty()) {
            sendStatus(ex, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        StreamRequest request = parsed.get();
        Map<String, List<String>> query = query(ex);
        try {
            switch (request.kind()) {
                case LOGS -> logs(ex, request, query);
                case EXEC, ATTACH -> command(ex, request, query);
                case PORT_FORWARD -> portForward(ex, request, query);
                default -> sendStatus(ex, 404, "NotFound", "the server could not find the requested resource");
            }
        } catch (NotFoundException e) {
            sendStatus(ex, 404, "NotFound", e.getMessage());
        } catch (RuntimeUnavailableException e) {
            sendStatus(ex, 503, "ServiceUnavailable", "the container runtime failed: " + e.getMessage());
        }
    }

    private static boolean fromApiServer(HttpServerExchange ex) {
        try {
            Certificate[] chain = ex.getConnection().getSslSessionInfo().getPeerCertificates();
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return false;
            }
            AgentTls.Identity who = AgentTls.Identity.of(leaf);
            return who.user().equals(API_SERVER_USER) || who.groups().contains(MASTERS);
        } catch (Exception e) {
            return false;
        }
    }

    // ---- logs -----------------------------------------------------------------------------------------

    private void logs(HttpServerExchange ex, StreamRequest request, Map<String, List<String>> query) {
        Outcome<LogRequest> parsed = LogRequest.parse(query, clock);
        if (!parsed.ok()) {
            sendStatus(ex, 400, parsed.reason(), parsed.message());
            return;
        }
        LogRequest logs = parsed.value();
        Optional<String> id = pods.containerId(request.namespace(), request.pod(), request.container(), logs.previous());
        if (id.isEmpty()) {
            String message = logs.previous()
                    ? "previous terminated container \"" + request.container() + "\" in pod \"" + request.pod()
                    + "\" not found"
                    : "container \"" + request.container() + "\" in pod \"" + request.pod()
                    + "\" is not available on node \"" + context.nodeName() + "\" yet";
            sendStatus(ex, 400, "BadRequest", message);
            return;
        }
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        OutputStream body = ex.getOutputStream();
        boolean follow = logs.options().follow();
        if (follow) {
            try {
                body.flush(); // the head goes out now: a followed log may stay silent for long
            } catch (IOException e) {
                return;
            }
        }
        AtomicBoolean closed = new AtomicBoolean();
        // a followed log may stay silent for long: notice the reader hanging up without a write
        AutoCloseable hangUp = follow ? PeerHangUp.watch(ex.getConnection(), () -> closed.set(true)) : () -> { };
        Runnable cancel = () -> closed.set(true);
        activeLogs.add(cancel);
        long limit = logs.options().limitBytes();
        AtomicLong written = new AtomicLong();
        LogSink sink = new LogSink() {

            @Override
            public void line(Instant time, boolean stderr, byte[] line) throws IOException {
                if (closed.get()) {
                    throw new IOException("the log reader went away");
                }
                int length = line.length;
                if (limit >= 0) {
                    // the runtime should stop at the limit; this makes sure no reader gets more
                    long left = limit - written.get();
                    if (left <= 0) {
                        closed.set(true); // a following runtime stops on isClosed()
                        return;
                    }
                    length = (int) Math.min(length, left);
                    written.addAndGet(length);
                }
                try {
                    body.write(line, 0, length);
                    if (follow) {
                        body.flush();
                    }
                } catch (IOException e) {
                    closed.set(true);
                    throw e;
                }
            }

            @Override
            public boolean isClosed() {
                return closed.get();
            }
        };
        try {
            runtime.logs(id.get(), logs.options(), sink);
        } catch (NotFoundException e) {
            if (!ex.isResponseStarted()) {
                ex.getResponseHeaders().clear();
                sendStatus(ex, 404, "NotFound", e.getMessage());
                return;
            }
        } catch (RuntimeUnavailableException e) {
            if (!ex.isResponseStarted()) {
                ex.getResponseHeaders().clear();
                sendStatus(ex, 503, "ServiceUnavailable", "the container runtime failed: " + e.getMessage());
                return;
            }
            LOG.debug("log stream of {} ended: {}", id.get(), e.getMessage());
        } catch (RuntimeException e) {
            if (!closed.get()) {
                LOG.warn("log stream of {} failed", id.get(), e);
            }
        } finally {
            activeLogs.remove(cancel);
            closeQuietly(hangUp);
        }
        ex.endExchange();
    }

    // ---- exec and attach ------------------------------------------------------------------------------

    private void command(HttpServerExchange ex, StreamRequest request, Map<String, List<String>> query) {
        boolean exec = request.kind() == StreamRequest.Kind.EXEC;
        Outcome<CommandOptions> parsed = exec ? CommandOptions.exec(query) : CommandOptions.attach(query);
        if (!parsed.ok()) {
            sendStatus(ex, 400, parsed.reason(), parsed.message());
            return;
        }
        CommandOptions options = parsed.value();
        Optional<String> id = pods.containerId(request.namespace(), request.pod(), request.container(), false);
        if (id.isEmpty()) {
            sendStatus(ex, 404, "NotFound", "container \"" + request.container() + "\" in pod \"" + request.pod()
                    + "\" is not running on node \"" + context.nodeName() + "\"");
            return;
        }
        String containerId = id.get();
        SessionStarter starter = exec
                ? () -> runtime.exec(containerId, options.command(), options.streamOptions())
                : () -> runtime.attach(containerId, options.streamOptions());
        if (isWebSocket(ex)) {
            String protocol = choose(values(ex, Headers.SEC_WEB_SOCKET_PROTOCOL),
                    List.of(WebSocketCommand.V5, WebSocketCommand.V4));
            if (protocol == null) {
                sendStatus(ex, 400, "BadRequest", "none of the offered WebSocket subprotocols is supported; "
                        + "supported: " + WebSocketCommand.V5 + ", " + WebSocketCommand.V4);
                return;
            }
            upgradeWebSocket(ex, protocol, upgraded -> WebSocketCommand.serve(upgraded, protocol, options, starter,
                    threads));
        } else if (isSpdy(ex)) {
            if (choose(values(ex, new HttpString("X-Stream-Protocol-Version")), List.of(SpdyCommand.V4)) == null) {
                sendStatus(ex, 403, "Forbidden", "none of the offered stream protocols is supported; supported: "
                        + SpdyCommand.V4);
                return;
            }
            upgradeSpdy(ex, SpdyCommand.V4, upgraded -> SpdyCommand.serve(upgraded, options, starter, threads));
        } else {
            sendStatus(ex, 400, "BadRequest", "Upgrade request required");
        }
    }

    // ---- port-forward ---------------------------------------------------------------------------------

    private void portForward(HttpServerExchange ex, StreamRequest request, Map<String, List<String>> query) {
        Optional<String> address = pods.podAddress(request.namespace(), request.pod());
        if (address.isEmpty()) {
            sendStatus(ex, 404, "NotFound", "pod \"" + request.pod() + "\" in namespace \"" + request.namespace()
                    + "\" has no address on node \"" + context.nodeName() + "\"");
            return;
        }
        String podName = request.namespace() + "/" + request.pod();
        if (isWebSocket(ex)) {
            List<String> offered = values(ex, Headers.SEC_WEB_SOCKET_PROTOCOL);
            if (offered.contains(PortForward.WEBSOCKET_PROTOCOL)) {
                // kubectl: SPDY streams tunnelled in binary messages
                PortForward forward = new PortForward(podName, address.get(), threads);
                upgradeWebSocket(ex, PortForward.WEBSOCKET_PROTOCOL, upgraded -> {
                    WebSocketConnection ws = new WebSocketConnection(upgraded.in(), upgraded.out(), upgraded);
                    WebSocketTunnel tunnel = new WebSocketTunnel(ws);
                    forward.serve(new Upgraded(tunnel.input(), tunnel.output(), upgraded));
                });
                return;
            }
            // the Java clients and other non-Go ones: numbered channels, one pair per port
            var framing = WebSocketPortForward.negotiate(offered);
            if (framing.isEmpty()) {
                sendStatus(ex, 400, "BadRequest", "none of the offered WebSocket subprotocols is supported; "
                        + "supported: " + PortForward.WEBSOCKET_PROTOCOL + ", " + WebSocketPortForward.V4 + ", "
                        + WebSocketPortForward.V4_BASE64);
                return;
            }
            Outcome<List<Integer>> ports = WebSocketPortForward.ports(query);
            if (!ports.ok()) {
                sendStatus(ex, 400, ports.reason(), ports.message());
                return;
            }
            WebSocketPortForward forward = new WebSocketPortForward(podName, address.get(), ports.value(),
                    framing.get().getValue(), threads);
            upgradeWebSocket(ex, framing.get().getKey(), forward::serve);
        } else if (isSpdy(ex)) {
            if (choose(values(ex, new HttpString("X-Stream-Protocol-Version")), List.of(PortForward.PROTOCOL)) == null) {
                sendStatus(ex, 403, "Forbidden", "none of the offered stream protocols is supported; supported: "
                        + PortForward.PROTOCOL);
                return;
            }
            upgradeSpdy(ex, PortForward.PROTOCOL, new PortForward(podName, address.get(), threads)::serve);
        } else {
            sendStatus(ex, 400, "BadRequest", "Upgrade request required");
        }
    }

    // ---- upgrades -------------------------------------------------------------------------------------

    private static boolean isWebSocket(HttpServerExchange ex) {
        String upgrade = ex.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static boolean isSpdy(HttpServerExchange ex) {
        String upgrade = ex.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).startsWith("spdy/3.1");
    }

    private void upgradeWebSocket(HttpServerExchange ex, String protocol, Consumer<Upgraded> session) {
        String key = ex.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_KEY);
        if (key == null || key.isBlank()) {
            sendStatus(ex, 400, "BadRequest", "a WebSocket upgrade needs Sec-WebSocket-Key");
            return;
        }
        ex.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_ACCEPT, WebSocketCodec.acceptKey(key));
        if (!protocol.isEmpty()) { // empty: the client offered none, and none is answered
            ex.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, protocol);
        }
        upgrade(ex, "websocket", session);
    }

    private void upgradeSpdy(HttpServerExchange ex, String protocol, Consumer<Upgraded> session) {
        ex.getResponseHeaders().put(new HttpString("X-Stream-Protocol-Version"), protocol);
        upgrade(ex, "SPDY/3.1", session);
    }

    /** Answers 101 and hands the connection to {@code session} on a thread of the pool. */
    private void upgrade(HttpServerExchange ex, String product, Consumer<Upgraded> session) {
        ex.upgradeChannel(product, (StreamConnection connection, HttpServerExchange upgraded) ->
                threads.execute(() -> {
                    Upgraded streams = new Upgraded(new ChannelInputStream(connection.getSourceChannel()),
                            new BufferedOutputStream(new ChannelOutputStream(connection.getSinkChannel()), 64 * 1024),
                            connection);
                    try {
                        session.accept(streams);
                    } catch (RuntimeException e) {
                        LOG.warn("streaming session on {} failed", upgraded.getRequestPath(), e);
                    } finally {
                        streams.close();
                    }
                }));
        ex.endExchange();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing left to undo
        }
    }

    /** The first of {@code supported} (in preference order) that the client offered, or null. */
    static String choose(List<String> offered, List<String> supported) {
        for (String s : supported) {
            if (offered.contains(s)) {
                return s;
            }
        }
        return null;
    }

    /** Every value of a header, comma-separated lists split. */
    private static List<String> values(HttpServerExchange ex, HttpString name) {
        List<String> out = new ArrayList<>();
        HeaderValues values = ex.getRequestHeaders().get(name);
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> query(HttpServerExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Deque<String>> e : ex.getQueryParameters().entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return out;
    }

    private static void sendStatus(HttpServerExchange ex, int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(status);
        } catch (IOException e) {
            body = message.getBytes(StandardCharsets.UTF_8);
        }
        ex.setStatusCode(code);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
    }
}
