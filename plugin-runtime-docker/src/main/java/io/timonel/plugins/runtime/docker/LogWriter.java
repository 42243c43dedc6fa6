package io.timonel.plugins.runtime.docker;

import io.timonel.spi.runtime.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Hands whole log lines to a {@link LogSink} as {@link io.timonel.spi.runtime.LogOptions} ask:
 * prefixed with their RFC 3339 timestamp and a space when asked, and cut at {@code limitBytes}
 * (counting what the reader receives, prefixes included).
 */
final class LogWriter implements LogLines.Out {
    private final LogSink sink;
    private final boolean timestamps;
    private final long limitBytes;
    private long written;
    private boolean full;

    /** @param limitBytes the most bytes to hand over, or a negative number for no limit */
    LogWriter(LogSink sink, boolean timestamps, long limitBytes) {
        this.sink = sink;
        this.timestamps = timestamps;
        this.limitBytes = limitBytes;
        this.full = limitBytes == 0;
    }

    @Override
    public void line(Instant time, boolean stderr, byte[] content) throws IOException {
        if (done()) {
            return;
        }
        byte[] line = content;
        if (timestamps) {
            byte[] prefix = (DockerTimes.format(time) + " ").getBytes(StandardCharsets.US_ASCII);
            line = Arrays.copyOf(prefix, prefix.length + content.length);
            System.arraycopy(content, 0, line, prefix.length, content.length);
        }
        if (limitBytes >= 0 && written + line.length >= limitBytes) {
            line = Arrays.copyOf(line, (int) (limitBytes - written));
            full = true;
        }
        written += line.length;
        if (line.length > 0) {
            sink.line(time, stderr, line);
        }
    }

    /** True once the limit is reached or the reader went away: reading further is pointless. */
    boolean done() {
        return full || sink.isClosed();
    }
}
