package io.timonel.plugins.nodeagent.streaming.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RFC 6455 frames on a byte stream. Written by hand rather than taken from Undertow's WebSocket
 * API because every streaming protocol here (remote command channels, SPDY tunnelled in
 * WebSocket) is driven by blocking threads over one upgraded connection; a blocking codec keeps
 * that one model for all of them.
 */
public final class WebSocketCodec {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketCodec() {
    }

    /** One frame, unmasked. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public boolean control() {
            return (opcode & 0x8) != 0;
        }
    }

    /** The {@code Sec-WebSocket-Accept} answer to a client's {@code Sec-WebSocket-Key}. */
    public static String acceptKey(String clientKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((clientKey.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }

    /**
     * Reads the next frame, unmasking it when masked (frames from a client always are).
     *
     * @return null when the stream ended cleanly before a frame began
     * @throws IOException on a truncated frame or one larger than {@code maxPayload}
     */
    public static Frame read(InputStream in, int maxPayload) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = readByte(in);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = ((long) readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        if (length < 0 || length > maxPayload) {
            throw new IOException("WebSocket frame of " + length + " bytes exceeds the limit of " + maxPayload);
        }
        byte[] mask = masked ? in.readNBytes(4) : null;
        if (mask != null && mask.length < 4) {
            throw new EOFException("truncated WebSocket frame");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("truncated WebSocket frame");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(fin, opcode, payload);
    }

    /** Writes one final, unmasked frame (as a server does) made of {@code prefix} then {@code data[off, off+len)}. */
    public static void write(OutputStream out, int opcode, byte[] prefix, byte[] data, int off, int len)
            throws IOException {
        writeFrame(out, opcode, prefix, data, off, len, null);
    }

    /** Writes one final frame masked with {@code mask} (as a client does; tests use it). */
    public static void writeMasked(OutputStream out, int opcode, byte[] data, byte[] mask) throws IOException {
        writeFrame(out, opcode, new byte[0], data, 0, data.length, mask);
    }

    private static void writeFrame(OutputStream out, int opcode, byte[] prefix, byte[] data, int off, int len,
                                   byte[] mask) throws IOException {
        int total = prefix.length + len;
        byte[] header = new byte[14];
        int h = 0;
        header[h++] = (byte) (0x80 | opcode);
        int maskBit = mask == null ? 0 : 0x80;
        if (total < 126) {
            header[h++] = (byte) (maskBit | total);
        } else if (total <= 0xFFFF) {
            header[h++] = (byte) (maskBit | 126);
            header[h++] = (byte) (total >>> 8);
            header[h++] = (byte) total;
        } else {
            header[h++] = (byte) (maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                header[h++] = (byte) (i >= 4 ? 0 : (total >>> (8 * i)));
            }
        }
        if (mask != null) {
            System.arraycopy(mask, 0, header, h, 4);
            h += 4;
        }
        out.write(header, 0, h);
        if (mask == null) {
            out.write(prefix);
            out.write(data, off, len);
            return;
        }
        byte[] body = new byte[total];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(data, off, body, prefix.length, len);
        for (int i = 0; i < body.length; i++) {
            body[i] ^= mask[i & 3];
        }
        out.write(body);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("truncated WebSocket frame");
        }
        return b;
    }
}
