package io.timonel.kernel.api.connect;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of a node agent's HTTP/1.1 response, read from the raw connection
 * so that what follows (a body, or the bytes of an upgraded protocol) stays in the stream.
 *
 * @param headers by lower-case name, every value in order
 */
record AgentResponse(int status, Map<String, List<String>> headers) {
    private static final int MAX_HEAD = 64 * 1024;

    static AgentResponse read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("the node agent answered with something other than HTTP/1.1: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line from the node agent: " + statusLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = statusLine.length();
        while (true) {
            String line = line(in);
            total += line.length();
            if (total > MAX_HEAD) {
                throw new IOException("the node agent's response head is too large");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return new AgentResponse(status, headers);
    }

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as the headers frame it: chunked, a length, or up to the end of the connection. */
    InputStream body(InputStream in) {
        String encoding = header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInput(in);
        }
        String length = header("content-length");
        if (length != null) {
            try {
                return new LimitedInput(in, Long.parseLong(length));
            } catch (NumberFormatException e) {
                // fall through: read to the end
            }
        }
        return in;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the node agent closed the connection mid-response");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("the node agent's response line is too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Decodes {@code Transfer-Encoding: chunked}; EOF after the last chunk. */
    static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size from the node agent: " + size);
                }
                if (remaining == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers, ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the node agent closed the connection mid-chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                line(in); // the CRLF after the chunk
            }
            return n;
        }
    }

    /** At most {@code length} bytes. */
    static final class LimitedInput extends InputStream {
        private final InputStream in;
        private long remaining;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
