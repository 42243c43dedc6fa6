package io.timonel.plugins.nodeagent.streaming.spdy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The SPDY/3.1 frames this server reads and writes; frames it has no use for are {@link Other}. */
public sealed interface SpdyFrame {
    int FLAG_FIN = 0x01;
    int FLAG_UNIDIRECTIONAL = 0x02;

    /** Stream data; {@code fin} half-closes the sender's side. */
    record Data(int streamId, boolean fin, byte[] data) implements SpdyFrame {
    }

    /** A peer opens a stream; header names are lower case (SPDY/3 requires it). */
    record SynStream(int streamId, int associatedStreamId, int priority, boolean fin,
                     Map<String, List<String>> headers) implements SpdyFrame {
        /** The first value of a header, by case-insensitive name, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** The answer to a SYN_STREAM: the stream is accepted. */
    record SynReply(int streamId, boolean fin, Map<String, List<String>> headers) implements SpdyFrame {
    }

    /** Abnormal end of a stream. */
    record RstStream(int streamId, int status) implements SpdyFrame {
        public static final int PROTOCOL_ERROR = 1;
        public static final int INVALID_STREAM = 2;
        public static final int REFUSED_STREAM = 3;
        public static final int CANCEL = 5;
        public static final int INTERNAL_ERROR = 6;
    }

    /** Liveness check; the receiver echoes a ping the other side started. */
    record Ping(int id) implements SpdyFrame {
    }

    /** The sender will open no more streams; {@code status} 0 is OK. */
    record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {
    }

    /** SETTINGS, WINDOW_UPDATE, HEADERS and other control frames, kept raw (this server ignores them). */
    record Other(int type, int flags, byte[] payload) implements SpdyFrame {
    }
}
