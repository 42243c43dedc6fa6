package io.timonel.plugins.nodeagent.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.streaming.remotecommand.CommandOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamRequestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void kubeletPathsNameTheirPodAndContainer() {
        assertEquals(Optional.of(new StreamRequest(StreamRequest.Kind.LOGS, "ns", "web", "app")),
                StreamRequest.parse("/containerLogs/ns/web/app"));
        assertEquals(Optional.of(new StreamRequest(StreamRequest.Kind.EXEC, "ns", "web", "app")),
                StreamRequest.parse("/exec/ns/web/app"));
        assertEquals(Optional.of(new StreamRequest(StreamRequest.Kind.ATTACH, "ns", "web", "app")),
                StreamRequest.parse("/attach/ns/web/app"));
        assertEquals(Optional.of(new StreamRequest(StreamRequest.Kind.PORT_FORWARD, "ns", "web", "")),
                StreamRequest.parse("/portForward/ns/web"));
    }

    @Test
    void otherPathsNameNothing() {
        assertTrue(StreamRequest.parse("/").isEmpty());
        assertTrue(StreamRequest.parse("/exec/ns/web").isEmpty());
        assertTrue(StreamRequest.parse("/portForward/ns/web/app").isEmpty());
        assertTrue(StreamRequest.parse("/run/ns/web/app").isEmpty());
    }

    @Test
    void logQueryBecomesLogOptions() {
        LogRequest r = LogRequest.parse(Map.of("follow", List.of("true"), "tailLines", List.of("10"),
                "sinceSeconds", List.of("60"), "timestamps", List.of("1"), "limitBytes", List.of("500"),
                "previous", List.of("false")), CLOCK).value();
        assertTrue(r.options().follow());
        assertEquals(10, r.options().tailLines());
        assertEquals(Instant.parse("2026-11-24T09:59:00Z"), r.options().since());
        assertTrue(r.options().timestamps());
        assertEquals(500, r.options().limitBytes());
        assertFalse(r.previous());

        LogRequest plain = LogRequest.parse(Map.of("sinceTime", List.of("2026-11-24T08:00:00+01:00")), CLOCK).value();
        assertEquals(Instant.parse("2026-11-24T07:00:00Z"), plain.options().since());
        assertEquals(-1, plain.options().tailLines());
        assertEquals(-1, plain.options().limitBytes());
    }

    @Test
    void invalidLogQueriesAreBadRequests() {
        for (Map<String, List<String>> q : List.of(Map.of("tailLines", List.of("-1")), Map.of("tailLines", List.of("x")),
                Map.of("limitBytes", List.of("0")), Map.of("sinceSeconds", List.of("0")),
                Map.of("sinceSeconds", List.of("5"), "sinceTime", List.of("2026-11-24T08:00:00Z")),
                Map.of("sinceTime", List.of("yesterday")))) {
            Outcome<LogRequest> r = LogRequest.parse(q, CLOCK);
            assertFalse(r.ok(), q.toString());
            assertEquals("BadRequest", r.reason());
        }
    }

    @Test
    void execQueryNeedsACommandAndAStreamAndDropsStderrWithATerminal() {
        CommandOptions o = CommandOptions.exec(Map.of("command", List.of("sh", "-c", "ls"), "stdin", List.of("true"),
                "stdout", List.of("1"), "stderr", List.of("true"), "tty", List.of("true"))).value();
        assertEquals(List.of("sh", "-c", "ls"), o.command());
        assertTrue(o.stdin() && o.stdout() && o.tty());
        assertFalse(o.stderr(), "a terminal merges stderr into stdout");

        assertEquals("you must specify at least 1 command",
                CommandOptions.exec(Map.of("stdout", List.of("true"))).message());
        assertEquals("you must specify at least 1 of stdin, stdout, stderr",
                CommandOptions.exec(Map.of("command", List.of("ls"))).message());
        assertTrue(CommandOptions.attach(Map.of("stdout", List.of("true"))).ok());
    }

    @Test
    void subprotocolIsTheServersFirstChoiceAmongTheOffered() {
        assertEquals("v5.channel.k8s.io", StreamingServer.choose(List.of("v4.channel.k8s.io", "v5.channel.k8s.io"),
                List.of("v5.channel.k8s.io", "v4.channel.k8s.io")));
        assertNull(StreamingServer.choose(List.of("channel.k8s.io"), List.of("v5.channel.k8s.io")));
    }
}
