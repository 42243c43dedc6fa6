package io.timonel.plugins.runtime.containerd.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One record of a CRI log file, as the runtime writes them, one a line:
 * {@code <RFC 3339 time> <stdout|stderr> <F|P> <content>}. {@code P} marks a partial record: the
 * line goes on in the next record of the same stream (the runtime cut a long line, or the stream
 * ended without a newline); {@code F} ends the line. The content carries no newline of its own.
 *
 * @param time    when the runtime read the content
 * @param stderr  true for the error stream
 * @param partial true for a {@code P} record
 * @param content the bytes, without the record's newline
 */
public record CriLogRecord(Instant time, boolean stderr, boolean partial, byte[] content) {

    /** Parses one record ({@code line} without its trailing newline); empty if it is not one. */
    public static Optional<CriLogRecord> parse(byte[] line) {
        int timeEnd = indexOf(line, (byte) ' ', 0);
        if (timeEnd <= 0) {
            return Optional.empty();
        }
        int streamEnd = indexOf(line, (byte) ' ', timeEnd + 1);
        if (streamEnd < 0) {
            return Optional.empty();
        }
        String stream = new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII);
        boolean stderr;
        if (stream.equals("stdout")) {
            stderr = false;
        } else if (stream.equals("stderr")) {
            stderr = true;
        } else {
            return Optional.empty();
        }
        // the tag field; CRI allows several ':'-separated tags, the first of which is F or P
        int tagEnd = indexOf(line, (byte) ' ', streamEnd + 1);
        int tagStop = tagEnd < 0 ? line.length : tagEnd;
        if (tagStop <= streamEnd + 1) {
            return Optional.empty();
        }
        String tags = new String(line, streamEnd + 1, tagStop - streamEnd - 1, StandardCharsets.US_ASCII);
        String first = tags.split(":", 2)[0];
        boolean partial;
        if (first.equals("P")) {
            partial = true;
        } else if (first.equals("F")) {
            partial = false;
        } else {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(line, 0, timeEnd, StandardCharsets.US_ASCII)).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        byte[] content = tagEnd < 0 ? new byte[0] : Arrays.copyOfRange(line, tagEnd + 1, line.length);
        return Optional.of(new CriLogRecord(time, stderr, partial, content));
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
