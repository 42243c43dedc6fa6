package io.timonel.kernel.api.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentResponseTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void chunkedBodyIsDecodedAndWhatFollowsStaysInTheStream() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\nNEXT");
        AgentResponse r = AgentResponse.read(in);
        assertEquals(200, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("hello, world", new String(r.body(in).readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("NEXT", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void switchingProtocolsLeavesTheUpgradedBytesUnread() throws IOException {
        InputStream in = stream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n\u0080\u0003");
        AgentResponse r = AgentResponse.read(in);
        assertEquals(101, r.status());
        assertEquals("v4.channel.k8s.io", r.header("x-stream-protocol-version"));
        assertEquals(0x80, in.read());
    }

    @Test
    void lengthBoundsTheBodyAndGarbageIsAnError() throws IOException {
        InputStream in = stream("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}extra");
        AgentResponse r = AgentResponse.read(in);
        assertEquals("{}", new String(r.body(in).readAllBytes(), StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> AgentResponse.read(stream("SSH-2.0-OpenSSH\r\n\r\n")));
        assertThrows(IOException.class, () -> AgentResponse.read(stream("HTTP/1.1 200 OK\r\n")));
    }
}
