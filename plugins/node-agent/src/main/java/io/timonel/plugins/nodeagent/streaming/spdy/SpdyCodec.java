package io.timonel.plugins.nodeagent.streaming.spdy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3.1 framing for one end of one connection. Header blocks (SYN_STREAM, SYN_REPLY, HEADERS)
 * are zlib-compressed with {@link SpdyDictionary} as one stream per direction for the connection's
 * lifetime, each block ending in a sync flush; so a codec is stateful: use one per connection, one
 * thread reading and one (or serialised) writing.
 */
public final class SpdyCodec {
    static final int VERSION = 3;
    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int HEADERS = 8;

    /** Frames longer than this are refused: nothing a Kubernetes client sends comes close. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final Inflater inflater = new Inflater();

    public SpdyCodec() {
        deflater.setDictionary(SpdyDictionary.BYTES);
    }

    /**
     * Reads the next frame.
     *
     * @return null when the stream ended cleanly between frames
     * @throws IOException on a truncated or malformed frame
     */
    public SpdyFrame read(InputStream input) throws IOException {
        DataInputStream in = input instanceof DataInputStream d ? d : new DataInputStream(input);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] head = new byte[7];
        in.readFully(head);
        int word0 = (first << 24) | ((head[0] & 0xFF) << 16) | ((head[1] & 0xFF) << 8) | (head[2] & 0xFF);
        int flags = head[3] & 0xFF;
        int length = ((head[4] & 0xFF) << 16) | ((head[5] & 0xFF) << 8) | (head[6] & 0xFF);
        if (length > MAX_FRAME) {
            throw new IOException("SPDY frame of " + length + " bytes is too large");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        boolean control = (word0 & 0x80000000) != 0;
        if (!control) {
            return new SpdyFrame.Data(word0 & 0x7FFFFFFF, (flags & SpdyFrame.FLAG_FIN) != 0, payload);
        }
        int version = (word0 >>> 16) & 0x7FFF;
        int type = word0 & 0xFFFF;
        if (version != VERSION) {
            throw new IOException("unsupported SPDY version " + version);
        }
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            return switch (type) {
                case SYN_STREAM -> {
                    int streamId = body.readInt() & 0x7FFFFFFF;
                    int associated = body.readInt() & 0x7FFFFFFF;
                    int priority = (body.readUnsignedByte() >>> 5) & 0x7;
                    body.readUnsignedByte(); // slot
                    yield new SpdyFrame.SynStream(streamId, associated, priority, (flags & SpdyFrame.FLAG_FIN) != 0,
                            decompress(payload, 10));
                }
                case SYN_REPLY -> {
                    int streamId = body.readInt() & 0x7FFFFFFF;
                    yield new SpdyFrame.SynReply(streamId, (flags & SpdyFrame.FLAG_FIN) != 0, decompress(payload, 4));
                }
                case HEADERS -> {
                    // header blocks must be inflated even when unused, to keep the zlib stream in step
                    decompress(payload, 4);
                    yield new SpdyFrame.Other(type, flags, payload);
                }
                case RST_STREAM -> new SpdyFrame.RstStream(body.readInt() & 0x7FFFFFFF, body.readInt());
                case PING -> new SpdyFrame.Ping(body.readInt());
                case GOAWAY -> new SpdyFrame.GoAway(body.readInt() & 0x7FFFFFFF, length >= 8 ? body.readInt() : 0);
                default -> new SpdyFrame.Other(type, flags, payload);
            };
        } catch (EOFException e) {
            throw new IOException("SPDY control frame of type " + type + " is too short", e);
        }
    }

    /** Writes one frame (not flushed). */
    public void write(OutputStream out, SpdyFrame frame) throws IOException {
        if (frame instanceof SpdyFrame.Data d) {
            writeHead(out, d.streamId() & 0x7FFFFFFF, d.fin() ? SpdyFrame.FLAG_FIN : 0, d.data().length);
            out.write(d.data());
        } else if (frame instanceof SpdyFrame.SynStream s) {
            byte[] block = compress(s.headers());
            ByteArrayOutputStream b = new ByteArrayOutputStream(10 + block.length);
            writeInt(b, s.streamId());
            writeInt(b, s.associatedStreamId());
            b.write((s.priority() & 0x7) << 5);
            b.write(0);
            b.writeBytes(block);
            writeControl(out, SYN_STREAM, s.fin() ? SpdyFrame.FLAG_FIN : 0, b.toByteArray());
        } else if (frame instanceof SpdyFrame.SynReply r) {
            byte[] block = compress(r.headers());
            ByteArrayOutputStream b = new ByteArrayOutputStream(4 + block.length);
            writeInt(b, r.streamId());
            b.writeBytes(block);
            writeControl(out, SYN_REPLY, r.fin() ? SpdyFrame.FLAG_FIN : 0, b.toByteArray());
        } else if (frame instanceof SpdyFrame.RstStream r) {
            writeControl(out, RST_STREAM, 0, ints(r.streamId(), r.status()));
        } else if (frame instanceof SpdyFrame.Ping p) {
            writeControl(out, PING, 0, ints(p.id()));
        } else if (frame instanceof SpdyFrame.GoAway g) {
            writeControl(out, GOAWAY, 0, ints(g.lastGoodStreamId(), g.status()));
        } else if (frame instanceof SpdyFrame.Other o) {
            writeControl(out, o.type(), o.flags(), o.payload());
        }
    }

    private static void writeControl(OutputStream out, int type, int flags, byte[] payload) throws IOException {
        writeHead(out, 0x80000000 | (VERSION << 16) | type, flags, payload.length);
        out.write(payload);
    }

    private static void writeHead(OutputStream out, int word0, int flags, int length) throws IOException {
        byte[] head = {(byte) (word0 >>> 24), (byte) (word0 >>> 16), (byte) (word0 >>> 8), (byte) word0,
            (byte) flags, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        out.write(head);
    }

    private static byte[] ints(int... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(values.length * 4);
        for (int v : values) {
            writeInt(b, v);
        }
        return b.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    private byte[] compress(Map<String, List<String>> headers) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        writeInt(raw, headers.size());
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            byte[] name = h.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            byte[] value = String.join("\0", h.getValue()).getBytes(StandardCharsets.UTF_8);
            writeInt(raw, name.length);
            raw.writeBytes(name);
            writeInt(raw, value.length);
            raw.writeBytes(value);
        }
        deflater.setInput(raw.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            compressed.write(buffer, 0, n);
            if (n < buffer.length && deflater.needsInput()) {
                return compressed.toByteArray();
            }
        }
    }

    private Map<String, List<String>> decompress(byte[] payload, int offset) throws IOException {
        inflater.setInput(payload, offset, payload.length - offset);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(SpdyDictionary.BYTES);
                    continue;
                }
                raw.write(buffer, 0, n);
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
                if (raw.size() > MAX_FRAME) {
                    throw new IOException("SPDY header block too large");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("SPDY header block does not inflate: " + e.getMessage(), e);
        }
        return parseHeaders(raw.toByteArray());
    }

    private static Map<String, List<String>> parseHeaders(byte[] raw) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        try {
            int pairs = in.readInt();
            if (pairs < 0 || pairs > raw.length) {
                throw new IOException("SPDY header block claims " + pairs + " headers");
            }
            for (int i = 0; i < pairs; i++) {
                String name = new String(readBytes(in, raw.length), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                String value = new String(readBytes(in, raw.length), StandardCharsets.UTF_8);
                List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>());
                for (String v : value.split("\0", -1)) {
                    values.add(v);
                }
            }
        } catch (EOFException e) {
            throw new IOException("truncated SPDY header block", e);
        }
        return headers;
    }

    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IOException("bad SPDY header length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
