package io.timonel.kernel.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protocol buffer wire format: varints, 64-bit doubles and length-delimited fields. Just
 * what {@link SwaggerProtobuf} needs; proto3 defaults (empty, zero, false) are skipped unless a
 * oneof member requires presence.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        return value ? presentBool(field, true) : this;
    }

    /** A bool written even when false, as oneof members must be. */
    ProtoWriter presentBool(int field, boolean value) {
        tag(field, 0);
        varint(value ? 1 : 0);
        return this;
    }

    ProtoWriter int64(int field, long value) {
        if (value != 0) {
            tag(field, 0);
            varint(value);
        }
        return this;
    }

    ProtoWriter dbl(int field, double value) {
        if (value != 0) {
            tag(field, 1);
            long bits = Double.doubleToLongBits(value);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xff);
            }
        }
        return this;
    }

    /** A nested message, written even when empty (message presence matters). */
    ProtoWriter message(int field, ProtoWriter message) {
        bytes(field, message.out.toByteArray());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void bytes(int field, byte[] value) {
        tag(field, 2);
        varint(value.length);
        out.write(value, 0, value.length);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
