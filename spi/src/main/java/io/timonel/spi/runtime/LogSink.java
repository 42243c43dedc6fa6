package io.timonel.spi.runtime;

import java.io.IOException;
import java.time.Instant;

/** Where {@link ContainerRuntime#logs} writes, one log line at a time. */
public interface LogSink {

    /**
     * One line as the container wrote it, with its trailing newline if it had one.
     *
     * @param time   when the runtime received it
     * @param stderr true for the error stream
     */
    void line(Instant time, boolean stderr, byte[] line) throws IOException;

    /** True once the reader went away: a following reader stops. */
    boolean isClosed();
}
