package io.timonel.kernel.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.api.Attachments;
import io.timonel.kernel.api.RequestInfo;
import io.timonel.kernel.objects.ObjectService;
import io.timonel.kernel.registry.ResourceRegistry;
import io.timonel.spi.resource.ResourceType;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.streams.ChannelInputStream;
import org.xnio.streams.ChannelOutputStream;

/**
 * The pod connect subresources — {@code pods/log}, {@code pods/exec}, {@code pods/attach},
 * {@code pods/portforward} — served by proxying to the node agent of the pod's node, as
 * kube-apiserver proxies to the kubelet: the request (query included) goes to the agent's
 * {@code /containerLogs}, {@code /exec}, {@code /attach} or {@code /portForward} path; a log
 * response is streamed back as it comes; an upgrade (WebSocket or SPDY) is answered with the
 * agent's 101 and then the bytes are piped both ways until either side closes. Other requests go
 * to {@code next}. Runs on a worker thread (the chain dispatched before it).
 */
public final class PodConnectHandler implements HttpHandler, AutoCloseable {
    /** The subresources this handler serves, with the agent path each maps to. */
    static final Map<String, String> AGENT_PATHS = Map.of(
            "log", "containerLogs", "exec", "exec", "attach", "attach", "portforward", "portForward");
    private static final Set<String> UPGRADE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-protocol", "sec-websocket-extensions", "x-stream-protocol-version");
    private static final Set<String> UPGRADE_ANSWER_HEADERS = Set.of("sec-websocket-accept", "sec-websocket-protocol",
            "sec-websocket-extensions", "x-stream-protocol-version");
    private static final Logger LOG = LoggerFactory.getLogger(PodConnectHandler.class);
    /** How long a node agent may take to answer a request (not to finish streaming it). */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpHandler next;
    private final ObjectService objects;
    private final ResourceRegistry registry;
    private final NodeDialer dialer;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pod-connect");
        t.setDaemon(true);
        return t;
    });

    public PodConnectHandler(HttpHandler next, ObjectService objects, ResourceRegistry registry, NodeDialer dialer) {
        this.next = next;
        this.objects = objects;
        this.registry = registry;
        this.dialer = dialer;
    }

    /** Whether a request addresses one of the connect subresources of a pod. */
    static boolean handles(RequestInfo info) {
        return info.resourceRequest() && info.group().isEmpty() && info.resource().equals("pods")
                && !info.name().isEmpty() && AGENT_PATHS.containsKey(info.subresource());
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        RequestInfo info = ex.getAttachment(Attachments.REQUEST_INFO);
        if (!handles(info)) {
            next.handleRequest(ex);
            return;
        }
        String method = ex.getRequestMethod().toString();
        String sub = info.subresource();
        boolean log = sub.equals("log");
        if (log ? !method.equals("GET") : !(method.equals("GET") || method.equals("POST"))) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        boolean upgrade = ex.getRequestHeaders().getFirst(Headers.UPGRADE) != null;
        if (!log && !upgrade) {
            throw ApiException.badRequest("Upgrade request required");
        }
        ResourceType pods = registry.find("", "v1", "pods").orElseThrow(() -> ApiException.notFoundPath(info.path()));
        if (info.namespace().isEmpty()) {
            throw ApiException.notFoundPath(info.path());
        }
        JsonNode pod = objects.get(pods, info.namespace(), info.name()).object();
        StringBuilder agentPath = new StringBuilder("/").append(AGENT_PATHS.get(sub)).append('/')
                .append(info.namespace()).append('/').append(info.name());
        if (!sub.equals("portforward")) {
            agentPath.append('/').append(PodTargets.container(pod, firstQuery(ex, "container")));
        }
        if (sub.equals("exec") || sub.equals("attach")) {
            PodTargets.requireRunning(pod, sub.equals("exec") ? "exec into" : "attach to");
        }
        String query = forwardedQuery(ex.getQueryString());
        if (!query.isEmpty()) {
            agentPath.append('?').append(query);
        }
        PodTargets.AgentAddress agent = agentOf(PodTargets.nodeName(pod));
        SSLSocket socket;
        try {
            socket = dialer.dial(agent.host(), agent.port());
        } catch (IOException e) {
            throw new ApiException(503, "ServiceUnavailable", "cannot reach the node agent at " + agent.host() + ":"
                    + agent.port() + " for pod " + info.name() + ": " + e.getMessage(), null);
        }
        boolean handedOver = false;
        try {
            sendRequest(ex, socket.getOutputStream(), method, agentPath.toString(), agent, upgrade);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            AgentResponse response;
            try {
                socket.setSoTimeout((int) RESPONSE_TIMEOUT.toMillis());
                response = AgentResponse.read(in);
                socket.setSoTimeout(0); // then a stream may idle as long as its ends like
            } catch (IOException e) {
                throw new ApiException(503, "ServiceUnavailable", "the node agent at " + agent.host() + ":"
                        + agent.port() + " did not answer: " + e.getMessage(), null);
            }
            if (upgrade && response.status() == 101) {
                switchProtocols(ex, response, socket, in);
                handedOver = true;
            } else {
                // a followed log may stay silent for long: notice the client hanging up without a write
                boolean follow = "true".equals(firstQuery(ex, "follow")) || "1".equals(firstQuery(ex, "follow"));
                AutoCloseable hangUp = follow ? ClientHangUp.watch(ex.getConnection(), () -> closeQuietly(socket))
                        : () -> { };
                try {
                    relay(ex, response, response.body(in));
                } finally {
                    hangUp.close();
                }
            }
        } finally {
            if (!handedOver) {
                closeQuietly(socket);
            }
        }
    }

    private PodTargets.AgentAddress agentOf(String nodeName) {
        ResourceType nodes = registry.find("", "v1", "nodes")
                .orElseThrow(() -> ApiException.badRequest("node " + nodeName + " is not known to the cluster"));
        JsonNode node;
        try {
            node = objects.get(nodes, "", nodeName).object();
        } catch (ApiException e) {
            if (e.code() == 404) {
                throw ApiException.badRequest("the pod's node " + nodeName + " is not known to the cluster");
            }
            throw e;
        }
        return PodTargets.agent(node).orElseThrow(() -> new ApiException(503, "ServiceUnavailable",
                "node " + nodeName + " runs no node agent to stream from (it reports no address and kubelet endpoint "
                        + "port, or it is simulated)", null));
    }

    private static void sendRequest(HttpServerExchange ex, OutputStream out, String method, String path,
                                    PodTargets.AgentAddress agent, boolean upgrade) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(agent.host().contains(":") ? "[" + agent.host() + "]" : agent.host())
                .append(':').append(agent.port()).append("\r\n");
        head.append("User-Agent: timonel-apiserver\r\n");
        if (upgrade) {
            head.append("Connection: Upgrade\r\n");
            head.append("Upgrade: ").append(ex.getRequestHeaders().getFirst(Headers.UPGRADE)).append("\r\n");
            for (String name : UPGRADE_HEADERS) {
                HeaderValues values = ex.getRequestHeaders().get(name);
                if (values != null) {
                    for (String v : values) {
                        head.append(name).append(": ").append(v).append("\r\n");
                    }
                }
            }
        } else {
            head.append("Connection: close\r\n");
        }
        if (method.equals("POST")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Passes a plain response on as it arrives (a followed log never ends by itself). */
    private static void relay(HttpServerExchange ex, AgentResponse response, InputStream body) {
        ex.setStatusCode(response.status());
        String type = response.header("content-type");
        if (type != null) {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        }
        OutputStream out = ex.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (n > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client or the agent hung up mid-stream: the response ends here
            LOG.debug("pod connect response ended early: {}", e.getMessage());
        }
        ex.endExchange();
    }

    /** Answers the client with the agent's 101, then pipes the connection both ways on two threads. */
    private void switchProtocols(HttpServerExchange ex, AgentResponse response, SSLSocket socket, InputStream fromAgent) {
        for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
            if (UPGRADE_ANSWER_HEADERS.contains(h.getKey())) {
                ex.getResponseHeaders().putAll(new HttpString(h.getKey()), h.getValue());
            }
        }
        String product = response.header("upgrade");
        ex.upgradeChannel(product == null ? ex.getRequestHeaders().getFirst(Headers.UPGRADE) : product,
                (StreamConnection client, HttpServerExchange upgraded) -> pumps.execute(() -> {
                    InputStream fromClient = new ChannelInputStream(client.getSourceChannel());
                    OutputStream toClient = new ChannelOutputStream(client.getSinkChannel());
                    pumps.execute(() -> {
                        try {
                            copy(fromClient, socket.getOutputStream());
                        } catch (IOException e) {
                            // the agent side is gone
                        } finally {
                            IoUtils.safeClose(client);
                            closeQuietly(socket);
                        }
                    });
                    try {
                        copy(fromAgent, toClient);
                    } finally {
                        IoUtils.safeClose(client);
                        closeQuietly(socket);
                    }
                }));
        ex.endExchange();
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[32 * 1024];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (n > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            LOG.trace("pod connect stream ended: {}", e.getMessage());
        }
    }

    /** The query as the client sent it, less what only the API server uses. */
    static String forwardedQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (name.equals("container") || name.equals("insecureSkipTLSVerifyBackend")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(part);
        }
        return out.toString();
    }

    private static String firstQuery(HttpServerExchange ex, String name) {
        var values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        pumps.shutdownNow();
    }
}
