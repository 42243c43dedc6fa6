package io.timonel.plugins.runtime.docker;

import io.timonel.plugins.runtime.docker.engine.EngineConnection;
import io.timonel.plugins.runtime.docker.engine.FrameReader;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Container logs from the engine's logs endpoint ({@code GET /containers/{id}/logs}), which reads
 * the container's json-file log. Timestamps are always asked for, so that every line comes with
 * the time Docker received it, and taken off unless the caller wants them.
 */
final class Logs {
    /** How often a following reader is checked for having gone away while no line comes. */
    static final long CLOSED_CHECK_MILLIS = 200;

    private final Engine engine;
    private final Containers containers;

    Logs(Engine engine, Containers containers) {
        this.engine = engine;
        this.containers = containers;
    }

    void read(String containerId, LogOptions options, LogSink sink) {
        boolean tty = containers.tty(containerId);
        StringBuilder target = new StringBuilder("/containers/").append(containerId)
                .append("/logs?stdout=1&stderr=1&timestamps=1")
                .append("&follow=").append(options.follow() ? 1 : 0)
                .append("&tail=").append(options.tailLines() >= 0 ? Long.toString(options.tailLines()) : "all");
        if (options.since() != null) {
            target.append("&since=").append(DockerTimes.unixNanos(options.since()));
        }
        LogWriter writer = new LogWriter(sink, options.timestamps(), options.limitBytes());
        if (writer.done()) {
            return;
        }
        LogLines lines = new LogLines(writer);
        EngineConnection connection = engine.call("reading the log of " + containerId,
                () -> engine.socket().request("GET", target.toString(), null));
        ScheduledFuture<?> watch = options.follow()
                ? engine.timers().scheduleWithFixedDelay(() -> {
                    if (sink.isClosed()) {
                        connection.close();
                    }
                }, CLOSED_CHECK_MILLIS, CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)
                : null;
        try {
            if (tty) {
                readRaw(connection.input(), lines, writer);
            } else {
                readFrames(connection.input(), lines, writer);
            }
            if (!writer.done()) {
                lines.finish();
            }
        } catch (IOException e) {
            // the reader went away, or we closed the connection for it: the log ends here
        } finally {
            if (watch != null) {
                watch.cancel(false);
            }
            connection.close();
        }
    }

    private static void readFrames(InputStream in, LogLines lines, LogWriter writer) throws IOException {
        FrameReader frames = new FrameReader(in);
        FrameReader.Frame frame;
        while (!writer.done() && (frame = frames.next()) != null) {
            lines.message(frame.stream().isError(), frame.payload());
        }
    }

    private static void readRaw(InputStream in, LogLines lines, LogWriter writer) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (!writer.done() && (n = in.read(buffer)) >= 0) {
            lines.raw(buffer, 0, n);
        }
    }
}
