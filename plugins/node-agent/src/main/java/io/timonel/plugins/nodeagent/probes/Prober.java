package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs the actions of probes and lifecycle hooks as the kubelet does: exec in the container
 * (exit code 0 succeeds), an HTTP GET to the pod (status 200–399 succeeds; HTTPS without
 * verifying the certificate), a TCP connection to the pod (connecting succeeds). Blocks up to the
 * timeout; thread-safe.
 */
public class Prober {
    static final int MAX_MESSAGE = 10 * 1024;
    /** Headers Java's HTTP client refuses to set; they are left out. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final ContainerRuntime runtime;
    private final HttpClient http;
    private final HttpClient https;

    public Prober(ContainerRuntime runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).sslContext(trustAll()).build();
    }

    /** Runs a probe once with its timeoutSeconds (default 1). */
    public ProbeOutcome probe(Probe probe, ProbeTarget target) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1 ? 1
                : probe.getTimeoutSeconds());
        if (probe.getExec() != null) {
            return exec(probe.getExec(), target, timeout);
        }
        if (probe.getHttpGet() != null) {
            return httpGet(probe.getHttpGet(), target, timeout);
        }
        if (probe.getTcpSocket() != null) {
            return tcp(probe.getTcpSocket(), target, timeout);
        }
        // gRPC probes are not implemented: they count as passing rather than killing healthy pods
        return ProbeOutcome.ok();
    }

    /** Runs a lifecycle hook once, for at most {@code timeout}. */
    public ProbeOutcome hook(LifecycleHandler handler, ProbeTarget target, Duration timeout) {
        if (handler.getExec() != null) {
            return exec(handler.getExec(), target, timeout);
        }
        if (handler.getHttpGet() != null) {
            return httpGet(handler.getHttpGet(), target, timeout);
        }
        if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
            long millis = Math.min(handler.getSleep().getSeconds() * 1000, timeout.toMillis());
            try {
                pause(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ProbeOutcome.ok();
    }

    /** Waits for a sleep hook; tests override it. */
    protected void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    ProbeOutcome exec(ExecAction action, ProbeTarget target, Duration timeout) {
        List<String> command = action.getCommand() == null ? List.of() : action.getCommand();
        try {
            ExecResult r = runtime.execSync(target.containerId(), command, timeout);
            String output = cut(new String(r.stdout(), StandardCharsets.UTF_8)
                    + new String(r.stderr(), StandardCharsets.UTF_8));
            if (r.timedOut()) {
                return ProbeOutcome.failed("command " + quote(command) + " timed out");
            }
            if (r.exitCode() != 0) {
                return ProbeOutcome.failed(output.isBlank()
                        ? "command " + quote(command) + " exited with " + r.exitCode() : output.strip());
            }
            return ProbeOutcome.ok();
        } catch (RuntimeUnavailableException e) {
            return ProbeOutcome.failed(e.getMessage());
        }
    }

    ProbeOutcome httpGet(HTTPGetAction action, ProbeTarget target, Duration timeout) {
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
        String host = action.getHost() == null || action.getHost().isEmpty() ? target.podIp() : action.getHost();
        int port = port(action.getPort(), target);
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String url = scheme + "://" + hostPort(host, port) + path;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .header("User-Agent", "kube-probe/1.33");
            if (action.getHttpHeaders() != null) {
                for (HTTPHeader h : action.getHttpHeaders()) {
                    if (h.getName() != null && !RESTRICTED.contains(h.getName().toLowerCase(Locale.ROOT))) {
                        request.setHeader(h.getName(), h.getValue() == null ? "" : h.getValue());
                    }
                }
            }
            HttpResponse<byte[]> response = ("https".equals(scheme) ? https : http)
                    .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int code = response.statusCode();
            if (code >= 200 && code < 400) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failed("HTTP probe failed with statuscode: " + code);
        } catch (java.net.http.HttpTimeoutException e) {
            return ProbeOutcome.failed("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (IOException | IllegalArgumentException e) {
            return ProbeOutcome.failed("Get \"" + url + "\": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.failed("Get \"" + url + "\": interrupted");
        }
    }

    ProbeOutcome tcp(TCPSocketAction action, ProbeTarget target, Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? target.podIp() : action.getHost();
        int port = port(action.getPort(), target);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeOutcome.ok();
        } catch (IOException | IllegalArgumentException e) {
            return ProbeOutcome.failed("dial tcp " + hostPort(host, port) + ": " + describe(e));
        }
    }

    /** A port given by number, or by the name of one of the container's ports (-1 when unknown). */
    static int port(IntOrString port, ProbeTarget target) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name != null && name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return Integer.parseInt(name);
        }
        List<ContainerPort> ports = target.container() == null || target.container().getPorts() == null ? List.of()
                : target.container().getPorts();
        return ports.stream().filter(p -> name != null && name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(-1);
    }

    private static String hostPort(String host, int port) {
        return (host != null && host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String describe(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "connect: connection refused";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "i/o timeout";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String quote(List<String> command) {
        return "\"" + String.join(" ", command) + "\"";
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) : s;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // the kubelet does not verify probe targets either
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
