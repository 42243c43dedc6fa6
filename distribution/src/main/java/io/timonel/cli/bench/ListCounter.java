package io.timonel.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the items of a Kubernetes list read as a stream, without building the objects. */
final class ListCounter {

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * @param items           elements of the top-level {@code items} array
     * @param bytes           size of the body read
     * @param resourceVersion the list's {@code metadata.resourceVersion}, or "" when absent
     */
    record Count(long items, long bytes, String resourceVersion) {
    }

    private ListCounter() {
    }

    /** Reads the whole list; fails when it is not a JSON object. */
    static Count count(InputStream body) throws IOException {
        CountingStream in = new CountingStream(body);
        long items = 0;
        String resourceVersion = "";
        try (JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a list must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        items++;
                    }
                } else if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.getCurrentName();
                        parser.nextToken();
                        if ("resourceVersion".equals(name)) {
                            resourceVersion = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new Count(items, in.count, resourceVersion);
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the underlying stream
        }
    }
}
