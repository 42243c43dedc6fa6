package io.timonel.spi.runtime;

import java.time.Instant;

/**
 * Which part of a container's log to read.
 *
 * @param follow     keep streaming new lines
 * @param tailLines  only the last N lines, or -1 for all
 * @param since      only lines written at or after this instant, or null
 * @param limitBytes stop after this many bytes, or -1
 * @param timestamps prefix each line with its RFC 3339 timestamp (nanoseconds) and a space
 */
public record LogOptions(boolean follow, long tailLines, Instant since, long limitBytes, boolean timestamps) {
    public static final LogOptions ALL = new LogOptions(false, -1, null, -1, false);
}
