package io.timonel.plugins.nodeagent.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import io.timonel.spi.runtime.ExecResult;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProberTest {
    final FakeRuntime runtime = new FakeRuntime(new FakeClock());
    final Prober prober = new Prober(runtime);
    HttpServer server;
    int port;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", ex -> {
            ex.sendResponseHeaders("yes".equals(ex.getRequestHeaders().getFirst("X-Check")) ? 200 : 503, -1);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/elsewhere");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProbeTarget target() {
        return new ProbeTarget("c1", "127.0.0.1", new ContainerBuilder().withName("web").addNewPort()
                .withName("http").withContainerPort(port).endPort().build());
    }

    @Test
    void httpGetSucceedsFrom200To399AndSendsTheHeaders() {
        var ok = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http"))
                .addNewHttpHeader().withName("X-Check").withValue("yes").endHttpHeader().endHttpGet().build();
        assertTrue(prober.probe(ok, target()).success());
        var moved = new ProbeBuilder().withNewHttpGet().withPath("/moved").withPort(new IntOrString(port))
                .endHttpGet().build();
        assertTrue(prober.probe(moved, target()).success());
        var bad = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port))
                .endHttpGet().build();
        ProbeOutcome outcome = prober.probe(bad, target());
        assertFalse(outcome.success());
        assertEquals("HTTP probe failed with statuscode: 503", outcome.message());
    }

    @Test
    void tcpSocketSucceedsWhenSomethingListens() throws Exception {
        var probe = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket().build();
        assertTrue(prober.probe(probe, target()).success());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var refused = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(closed)).endTcpSocket().build();
        ProbeOutcome outcome = prober.probe(refused, target());
        assertFalse(outcome.success());
        assertEquals("dial tcp 127.0.0.1:" + closed + ": connect: connection refused", outcome.message());
    }

    @Test
    void execSucceedsOnExitZeroAndReportsTheOutputOtherwise() {
        var probe = new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/healthy").endExec().build();
        assertTrue(prober.probe(probe, target()).success());
        runtime.exec = cmd -> new ExecResult(1, new byte[0],
                "cat: can't open '/tmp/healthy': No such file or directory\n".getBytes(StandardCharsets.UTF_8), false);
        ProbeOutcome outcome = prober.probe(probe, target());
        assertFalse(outcome.success());
        assertEquals("cat: can't open '/tmp/healthy': No such file or directory", outcome.message());
        runtime.exec = cmd -> new ExecResult(-1, new byte[0], new byte[0], true);
        assertEquals("command \"cat /tmp/healthy\" timed out", prober.probe(probe, target()).message());
    }
}
