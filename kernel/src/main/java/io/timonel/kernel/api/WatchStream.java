package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.kernel.watch.CacheEvent;
import io.timonel.kernel.watch.CachedObject;
import io.timonel.kernel.watch.WatchSink;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One watch response: a stream of newline-delimited WatchEvent JSON objects. The cache hands
 * events to {@link #onEvent} under its lock, so this only filters and enqueues; the request's
 * own thread writes them out. Selector semantics follow Kubernetes: an object that starts to
 * match is ADDED, one that stops matching is DELETED.
 *
 * <p>A watcher that falls more than {@link #MAX_PENDING} events behind is ended; its client
 * resumes from the last resourceVersion it saw, which is how Kubernetes clients recover.
 */
final class WatchStream implements WatchSink {
    static final int MAX_PENDING = 100_000;
    private static final Object CLOSE = new Object();
    private static final byte[] NEWLINE = {'\n'};

    private final Predicate<JsonNode> filter;
    private final Function<CachedObject, byte[]> render;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean overflowed;

    /**
     * @param filter selects objects (label and field selectors)
     * @param render turns an object into the bytes of the event's {@code object} field
     */
    WatchStream(Predicate<JsonNode> filter, Function<CachedObject, byte[]> render) {
        this.filter = filter;
        this.render = render;
    }

    @Override
    public void onEvent(CacheEvent event) {
        boolean now = event.type() != CacheEvent.Type.DELETED && filter.test(event.object().object());
        boolean before = event.previous() != null && filter.test(event.previous().object());
        String type;
        if (event.type() == CacheEvent.Type.DELETED) {
            type = before || filter.test(event.object().object()) ? "DELETED" : null;
        } else if (now && before) {
            type = "MODIFIED";
        } else if (now) {
            type = "ADDED";
        } else if (before) {
            type = "DELETED";
        } else {
            type = null;
        }
        if (type == null || overflowed) {
            return;
        }
        if (queue.size() >= MAX_PENDING) {
            overflowed = true;
            queue.offer(CLOSE);
            return;
        }
        queue.offer(new Line(type, event.object()));
    }

    @Override
    public void onClose(String reason) {
        queue.offer(CLOSE);
    }

    /** Adds a synthetic event (BOOKMARK, ERROR) to the stream. */
    void offerRaw(String type, JsonNode object) {
        queue.offer(new RawLine(type, object));
    }

    /**
     * Where the events of a watch go: the chunked body of an HTTP response (one JSON object per
     * line), or the frames of a WebSocket (one JSON object per message), which some clients use.
     */
    interface Frames extends AutoCloseable {
        /** Writes one event; may buffer until {@link #flush()}. */
        void send(byte[] event) throws IOException;

        void flush() throws IOException;

        @Override
        void close();
    }

    /** Frames written to a chunked HTTP response. */
    static Frames http(HttpServerExchange ex) {
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        OutputStream out = ex.getOutputStream();
        return new Frames() {
            @Override
            public void send(byte[] event) throws IOException {
                out.write(event);
                out.write(NEWLINE);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                try {
                    out.close();
                } catch (IOException e) {
                    // the client went away
                }
            }
        };
    }

    /** Called when the client goes away, to end {@link #run} at once. */
    void clientGone() {
        queue.offer(CLOSE);
    }

    /**
     * Writes events until the timeout, the client going away, or the cache closing. Blocks the
     * calling thread for the life of the watch.
     *
     * @param bookmark produces a BOOKMARK object for the current revision, or null when the client
     *                 did not ask for bookmarks
     */
    void run(Frames out, Duration timeout, java.util.function.Supplier<JsonNode> bookmark) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long bookmarkEvery = TimeUnit.SECONDS.toNanos(10);
        long nextBookmark = System.nanoTime() + bookmarkEvery;
        try (out) {
            out.flush();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                long wait = Math.min(deadline, bookmark != null ? nextBookmark : deadline) - now;
                Object item = queue.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
                if (item == CLOSE) {
                    return;
                }
                if (item == null) {
                    if (bookmark != null && System.nanoTime() >= nextBookmark) {
                        out.send(event("BOOKMARK", Json.bytes(bookmark.get())));
                        out.flush();
                        nextBookmark = System.nanoTime() + bookmarkEvery;
                    }
                    continue;
                }
                writeItem(out, item);
                // drain what is already queued before paying for a flush
                Object more;
                while ((more = queue.poll()) != null) {
                    if (more == CLOSE) {
                        out.flush();
                        return;
                    }
                    writeItem(out, more);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeItem(Frames out, Object item) throws IOException {
        if (item instanceof Line line) {
            out.send(event(line.type, render.apply(line.object)));
        } else if (item instanceof RawLine raw) {
            out.send(event(raw.type, Json.bytes(raw.object)));
        }
    }

    /** {@code {"type":TYPE,"object":OBJECT}} */
    private static byte[] event(String type, byte[] object) {
        byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + object.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(object, 0, out, head.length, object.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** A BOOKMARK object: the kind with only metadata.resourceVersion (and annotations). */
    static ObjectNode bookmarkObject(String apiVersion, String kind, long revision, boolean initialEventsEnd) {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        o.put("apiVersion", apiVersion);
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }

    private record Line(String type, CachedObject object) {
    }

    private record RawLine(String type, JsonNode object) {
    }
}
