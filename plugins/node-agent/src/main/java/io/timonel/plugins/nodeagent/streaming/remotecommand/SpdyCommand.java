package io.timonel.plugins.nodeagent.streaming.remotecommand;

import io.timonel.plugins.nodeagent.streaming.Upgraded;
import io.timonel.plugins.nodeagent.streaming.spdy.SpdyConnection;
import io.timonel.plugins.nodeagent.streaming.spdy.SpdyStream;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A remote command over SPDY/3.1, protocol {@code v4.channel.k8s.io} (kubectl's fallback when the
 * WebSocket upgrade is refused): the client opens one stream per purpose, named by its
 * {@code streamType} header — error, stdin, stdout, stderr, resize — and the session starts once
 * all that the request asked for are there. Stdin ends with the client's FIN on its stream; the
 * command's end is told by FIN on stdout and stderr and the Status on the error stream.
 */
public final class SpdyCommand {
    public static final String V4 = "v4.channel.k8s.io";

    /** How long the client may take to open its streams (the kubelet allows 30 s too). */
    static final Duration STREAM_WAIT = Duration.ofSeconds(30);
    /** How long to wait for the client to hang up after the status was sent. */
    static final Duration HANG_UP_WAIT = Duration.ofSeconds(10);

    private SpdyCommand() {
    }

    /** Runs the session over the upgraded connection until it ends; blocks the calling thread. */
    public static void serve(Upgraded upgraded, CommandOptions options, SessionStarter starter,
                             ExecutorService threads) {
        Map<String, SpdyStream> streams = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(expectedStreams(options));
        SpdyConnection connection = new SpdyConnection(upgraded.in(), upgraded.out(), upgraded, stream -> {
            String type = stream.header("streamType");
            if (type == null || !expected(type, options) || streams.putIfAbsent(type, stream) != null) {
                stream.reset();
                return;
            }
            try {
                stream.reply();
            } catch (IOException e) {
                return;
            }
            ready.countDown();
        });
        threads.execute(connection::serve);
        try {
            boolean all = ready.await(STREAM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            SpdyStream error = streams.get("error");
            if (!all || error == null) {
                connection.close();
                return;
            }
            run(connection, streams, error, options, starter, threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    private static void run(SpdyConnection connection, Map<String, SpdyStream> streams, SpdyStream error,
                            CommandOptions options, SessionStarter starter, ExecutorService threads) {
        StreamSession session;
        try {
            session = starter.start();
        } catch (RuntimeException e) {
            sendStatus(error, ExitStatus.failure(WebSocketCommand.message(e)));
            streams.values().forEach(s -> closeQuietly(s.output()));
            awaitHangUp(connection);
            return;
        }
        connection.closed().thenRun(session::close); // the client went away
        SpdyStream stdin = streams.get("stdin");
        if (stdin != null) {
            threads.execute(() -> copyStdin(stdin.input(), session.stdin()));
        }
        SpdyStream resize = streams.get("resize");
        if (resize != null) {
            threads.execute(() -> TerminalSizes.applyAll(resize.input(), session));
        }
        SpdyStream stdout = streams.get("stdout");
        SpdyStream stderr = streams.get("stderr");
        byte[] status = SessionOutput.pump(session, stdout == null ? null : stdout.output(),
                stderr == null ? null : stderr.output(), options.command(), threads);
        session.close();
        if (status == null) {
            return;
        }
        if (stdout != null) {
            closeQuietly(stdout.output());
        }
        if (stderr != null) {
            closeQuietly(stderr.output());
        }
        sendStatus(error, status);
        awaitHangUp(connection);
    }

    private static void copyStdin(InputStream from, OutputStream to) {
        byte[] buffer = new byte[32 * 1024];
        try (to) {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the process stopped reading, or the client went away
        }
    }

    private static void sendStatus(SpdyStream error, byte[] status) {
        try {
            OutputStream out = error.output();
            out.write(status);
            out.close();
        } catch (IOException e) {
            // the client is gone
        }
    }

    /** The client closes the connection once it read everything; closing first could lose data in flight. */
    private static void awaitHangUp(SpdyConnection connection) {
        try {
            connection.closed().get(HANG_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // hang up ourselves
        }
    }

    static int expectedStreams(CommandOptions options) {
        int n = 1; // error
        n += options.stdin() ? 1 : 0;
        n += options.stdout() ? 1 : 0;
        n += options.stderr() ? 1 : 0;
        n += options.tty() ? 1 : 0;
        return n;
    }

    private static boolean expected(String type, CommandOptions options) {
        return switch (type) {
            case "error" -> true;
            case "stdin" -> options.stdin();
            case "stdout" -> options.stdout();
            case "stderr" -> options.stderr();
            case "resize" -> options.tty();
            default -> false;
        };
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the client is gone
        }
    }

}
