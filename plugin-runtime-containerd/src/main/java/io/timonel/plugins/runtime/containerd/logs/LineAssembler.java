package io.timonel.plugins.runtime.containerd.logs;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Joins partial CRI records into whole lines, each stream on its own (stdout and stderr records
 * interleave in one file). Not thread-safe.
 */
public final class LineAssembler {

    private final Pending[] pending = {new Pending(), new Pending()};

    /** Takes the next record; returns the line it completes, if any. */
    public Optional<LogLine> accept(CriLogRecord record) {
        Pending p = pending[record.stderr() ? 1 : 0];
        if (p.time == null) {
            p.time = record.time();
        }
        p.bytes.writeBytes(record.content());
        if (record.partial()) {
            return Optional.empty();
        }
        p.bytes.write('\n');
        return Optional.of(p.take(record.stderr()));
    }

    /** The lines still waiting for their end (the streams ended without a newline), in time order. */
    public List<LogLine> flush() {
        List<LogLine> lines = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            if (pending[i].time != null) {
                lines.add(pending[i].take(i == 1));
            }
        }
        lines.sort((a, b) -> a.time().compareTo(b.time()));
        return lines;
    }

    private static final class Pending {
        Instant time;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        LogLine take(boolean stderr) {
            LogLine line = new LogLine(time, stderr, bytes.toByteArray());
            time = null;
            bytes.reset();
            return line;
        }
    }
}
