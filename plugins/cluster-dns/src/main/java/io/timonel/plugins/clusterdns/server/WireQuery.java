package io.timonel.plugins.clusterdns.server;

import java.nio.charset.StandardCharsets;

/**
 * The parts of a query the fast path needs, read in place from its wire form (RFC 1035 §4.1) by a
 * receiver thread that reuses one instance: id, flags, where the question's name ends, its type
 * and class, the EDNS payload size, and the cache key (the name in lower case, as on the wire).
 * Only a plain query is read: one question, no answer or authority records, at most an OPT
 * record; anything else is left to dnsjava's full parser.
 */
final class WireQuery {
    static final int HEADER = 12;
    private static final int TYPE_OPT = 41;
    private static final int MAX_NAME = 255;

    int id;
    int flags;
    int nameEnd;
    int qtype;
    int qclass;
    boolean edns;
    int udpSize;
    String nameKey;
    private final byte[] scratch = new byte[MAX_NAME];

    /** Reads {@code m[0, length)}; false when the message is not a plain query this reader takes. */
    boolean read(byte[] m, int length) {
        if (length < HEADER + 5) {
            return false;
        }
        flags = u16(m, 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >> 11) & 0xF;
        int arcount = u16(m, 10);
        if (response || opcode != 0 || u16(m, 4) != 1 || u16(m, 6) != 0 || u16(m, 8) != 0 || arcount > 1) {
            return false;
        }
        id = u16(m, 0);
        int p = HEADER;
        int n = 0;
        while (true) {
            if (p >= length) {
                return false;
            }
            int label = m[p] & 0xFF;
            if (label > 63 || n + label + 1 > MAX_NAME || p + label + 1 > length) {
                return false;
            }
            scratch[n++] = (byte) label;
            p++;
            if (label == 0) {
                break;
            }
            for (int i = 0; i < label; i++) {
                byte b = m[p++];
                scratch[n++] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
            }
        }
        nameEnd = p;
        if (p + 4 > length) {
            return false;
        }
        qtype = u16(m, p);
        qclass = u16(m, p + 2);
        p += 4;
        edns = false;
        udpSize = 512;
        if (arcount == 1) {
            // OPT: root name, type 41, class = payload size, TTL = ext-rcode/version/flags, rdata
            if (p + 11 > length || m[p] != 0 || u16(m, p + 1) != TYPE_OPT || (m[p + 6] & 0xFF) != 0) {
                return false;
            }
            edns = true;
            udpSize = u16(m, p + 3);
            p += 11 + u16(m, p + 9);
        }
        if (p != length) {
            return false;
        }
        nameKey = new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        return true;
    }

    /** Whether the query asked for recursion. */
    boolean recursionDesired() {
        return (flags & 0x0100) != 0;
    }

    static int u16(byte[] m, int at) {
        return ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
    }
}
