package io.timonel.plugins.nodeagent.streaming.remotecommand;

import io.timonel.plugins.nodeagent.streaming.Upgraded;
import io.timonel.plugins.nodeagent.streaming.websocket.WebSocketConnection;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A remote command over WebSocket, subprotocols {@code v5.channel.k8s.io} and
 * {@code v4.channel.k8s.io}: every binary message starts with its channel — 0 stdin, 1 stdout,
 * 2 stderr, 3 error (the final Status), 4 resize — and v5 adds 255, "close": the next byte names
 * the channel the client will send no more on (stdin EOF). The session ends with the Status on
 * channel 3 and a normal close.
 */
public final class WebSocketCommand {
    public static final String V5 = "v5.channel.k8s.io";
    public static final String V4 = "v4.channel.k8s.io";

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private WebSocketCommand() {
    }

    /** Runs the session over the upgraded connection until it ends; blocks the calling thread. */
    public static void serve(Upgraded upgraded, String protocol, CommandOptions options, SessionStarter starter,
                             ExecutorService threads) {
        WebSocketConnection ws = new WebSocketConnection(upgraded.in(), upgraded.out(), upgraded);
        StreamSession session;
        try {
            session = starter.start();
        } catch (RuntimeException e) {
            finish(ws, ExitStatus.failure(message(e)), null);
            return;
        }
        CompletableFuture<Void> clientDone = CompletableFuture.runAsync(() -> readClient(ws, session, options), threads);
        byte[] status = SessionOutput.pump(session, options.stdout() ? channel(ws, STDOUT) : null,
                options.stderr() ? channel(ws, STDERR) : null, options.command(), threads);
        session.close();
        if (status == null) {
            ws.close();
            return;
        }
        finish(ws, status, clientDone);
    }

    private static void finish(WebSocketConnection ws, byte[] status, CompletableFuture<Void> clientDone) {
        try {
            ws.sendBinary(new byte[] {ERROR}, status, 0, status.length);
            ws.sendClose(1000);
            if (clientDone != null) {
                // the client answers the close; then the connection can go without losing data in flight
                clientDone.get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the client is gone or slow to answer: close anyway
        } finally {
            ws.close();
        }
    }

    /** The client's messages: stdin data and close, resizes. Ends when the client closes or goes. */
    private static void readClient(WebSocketConnection ws, StreamSession session, CommandOptions options) {
        OutputStream stdin = session.stdin();
        boolean stdinOpen = options.stdin();
        try {
            WebSocketConnection.Message message;
            while ((message = ws.next()) != null) {
                byte[] p = message.payload();
                if (!message.binary() || p.length == 0) {
                    continue;
                }
                int channel = p[0] & 0xFF;
                if (channel == STDIN && stdinOpen && p.length > 1) {
                    try {
                        stdin.write(p, 1, p.length - 1);
                        stdin.flush();
                    } catch (IOException e) {
                        stdinOpen = false; // the process stopped reading; its output still matters
                    }
                } else if (channel == RESIZE) {
                    TerminalSizes.apply(p, 1, session);
                } else if (channel == CLOSE && p.length > 1 && p[1] == STDIN && stdinOpen) {
                    stdinOpen = false;
                    closeQuietly(stdin);
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (stdinOpen) {
                closeQuietly(stdin);
            }
            // the client is gone (or answered our close): nothing more can reach it
            session.close();
        }
    }

    private static OutputStream channel(WebSocketConnection ws, int channel) {
        byte[] prefix = {(byte) channel};
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ws.sendBinary(prefix, b, off, len);
            }
        };
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the process is gone
        }
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
