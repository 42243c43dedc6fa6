package io.timonel.plugins.clusterdns.server;

import io.timonel.plugins.clusterdns.records.RecordIndex;
import io.timonel.plugins.clusterdns.records.Resolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one DNS message. A plain query for a name whose answer is cached is answered by copying
 * the cached response and patching it in place (id, RD/CD flags, the question's letter case, an
 * OPT record when the query had one, truncation): no parsing beyond the question and no
 * allocation beyond the cache key. Everything else goes through dnsjava: the question is resolved
 * against the {@link RecordIndex} (and the response cached), or forwarded upstream.
 *
 * <p>Thread-safe; each caller passes its own {@link WireQuery} and output buffer.
 */
public final class QueryHandler {
    /** The EDNS payload size this server advertises and honours at most (the DNS flag day 2020 value). */
    static final int EDNS_PAYLOAD = 1232;
    static final int PLAIN_UDP = 512;
    private static final int OPT_LENGTH = 11;
    private static final int TC = 0x0200;
    private static final int CLIENT_FLAGS = 0x0100 | 0x0010; // RD and CD are echoed

    private final RecordIndex index;
    private final AnswerCache cache;
    private final Forwarder forwarder;

    public QueryHandler(RecordIndex index, Forwarder forwarder) {
        this.index = index;
        this.cache = new AnswerCache(index::version, 200_000);
        this.forwarder = forwarder;
        index.onChange(cache::invalidate);
    }

    /**
     * Answers {@code m[0, length)}.
     *
     * @param tcp   whether it came over TCP (no size limit) rather than UDP
     * @param q     the caller's reusable query reader
     * @param out   the caller's buffer (at least 64 KiB) for a reply ready now; cleared, then flipped when filled
     * @param later receives the reply when it is not ready now (forwarded questions); not called
     *              for a message to drop
     * @return true when {@code out} holds the reply now
     */
    boolean answer(byte[] m, int length, boolean tcp, WireQuery q, ByteBuffer out, Consumer<ByteBuffer> later) {
        out.clear();
        if (q.read(m, length) && q.qclass == DClass.IN) {
            byte[] cached = cache.get(q.nameKey, q.qtype);
            if (cached != null) {
                render(cached, m, q, tcp, out);
                return true;
            }
        }
        return slow(m, length, tcp, q, out, later);
    }

    private boolean slow(byte[] m, int length, boolean tcp, WireQuery q, ByteBuffer out, Consumer<ByteBuffer> later) {
        Message query;
        try {
            query = new Message(length == m.length ? m : java.util.Arrays.copyOf(m, length));
        } catch (IOException e) {
            if (length < WireQuery.HEADER || (m[2] & 0x80) != 0) {
                return false;
            }
            out.put(m, 0, 4).putShort((short) 0).putLong(0);
            out.put(2, (byte) ((m[2] & 0x79) | 0x80)).put(3, (byte) Rcode.FORMERR);
            out.flip();
            return true;
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return false;
        }
        Record question = query.getQuestion();
        OPTRecord opt = query.getOPT();
        int limit = tcp ? 65535 : udpLimit(opt != null, opt == null ? 0 : opt.getPayloadSize());
        if (header.getOpcode() != Opcode.QUERY) {
            return error(query, Rcode.NOTIMP, limit, out);
        }
        if (question == null || query.getSection(Section.QUESTION).size() != 1) {
            return error(query, Rcode.FORMERR, limit, out);
        }
        if (opt != null && opt.getVersion() > 0) {
            Message reply = responseTo(query);
            reply.removeRecord(reply.getOPT(), Section.ADDITIONAL);
            // BADVERS (16) is an extended rcode: its upper bits travel in the OPT record
            reply.addRecord(new OPTRecord(EDNS_PAYLOAD, Rcode.BADVERS >>> 4, 0, 0), Section.ADDITIONAL);
            out.put(reply.toWire(limit));
            out.flip();
            return true;
        }
        Name name = question.getName();
        int type = question.getType();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return error(query, Rcode.REFUSED, limit, out);
        }
        if (type == Type.AXFR || type == Type.IXFR) {
            return error(query, index.zone().contains(name) ? Rcode.REFUSED : Rcode.NOTIMP, limit, out);
        }
        long version = cache.version();
        Resolution resolution = index.resolve(name, type);
        if (resolution instanceof Resolution.Forward) {
            forward(query, limit, later);
            return false;
        }
        if (resolution instanceof Resolution.Answer a && a.chase() != null) {
            chase(query, a, limit, later);
            return false;
        }
        byte[] canonical = authoritative(question, resolution).toWire();
        if (question.getDClass() == DClass.IN) {
            cache.put(AnswerCache.key(name), type, canonical, version);
        }
        q.id = header.getID();
        q.flags = WireQuery.u16(m, 2);
        q.nameEnd = WireQuery.HEADER + name.length();
        q.edns = opt != null;
        q.udpSize = opt == null ? PLAIN_UDP : opt.getPayloadSize();
        render(canonical, m, q, tcp, out);
        return true;
    }

    /** The response to a question the index answers, in canonical form: id 0, no RD, question in lower case. */
    private Message authoritative(Record question, Resolution resolution) {
        Message response = new Message(0);
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.AA);
        h.setFlag(Flags.RA);
        response.addRecord(Record.newRecord(question.getName().canonicalize(), question.getType(),
                question.getDClass()), Section.QUESTION);
        if (resolution instanceof Resolution.Answer a) {
            a.records().forEach(r -> response.addRecord(r, Section.ANSWER));
        } else {
            if (resolution instanceof Resolution.NxDomain) {
                h.setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(index.zone().soa(), Section.AUTHORITY);
        }
        return response;
    }

    /**
     * Writes {@code canonical} as the reply to query {@code q}: its id, its RD/CD flags, its
     * question's letter case (resolvers that randomise case check it), an OPT record when it had
     * one; or, when it does not fit the client's UDP size, the header and question alone with TC set.
     */
    static void render(byte[] canonical, byte[] query, WireQuery q, boolean tcp, ByteBuffer out) {
        int limit = tcp ? 65535 : udpLimit(q.edns, q.udpSize);
        int optLength = q.edns ? OPT_LENGTH : 0;
        int flags = (WireQuery.u16(canonical, 2) & ~CLIENT_FLAGS) | (q.flags & CLIENT_FLAGS);
        if (canonical.length + optLength <= limit) {
            out.put(canonical);
            out.putShort(0, (short) q.id).putShort(2, (short) flags);
            out.put(WireQuery.HEADER, query, WireQuery.HEADER, q.nameEnd - WireQuery.HEADER);
            if (q.edns) {
                out.putShort(10, (short) (WireQuery.u16(canonical, 10) + 1));
                putOpt(out);
            }
        } else {
            int questionEnd = q.nameEnd + 4;
            out.putShort((short) q.id).putShort((short) (flags | TC)).putShort((short) 1)
                    .putShort((short) 0).putShort((short) 0).putShort((short) (q.edns ? 1 : 0));
            out.put(query, WireQuery.HEADER, questionEnd - WireQuery.HEADER);
            if (q.edns) {
                putOpt(out);
            }
        }
        out.flip();
    }

    private static void putOpt(ByteBuffer out) {
        out.put((byte) 0).putShort((short) Type.OPT).putShort((short) EDNS_PAYLOAD).putInt(0).putShort((short) 0);
    }

    static int udpLimit(boolean edns, int payload) {
        return edns ? Math.max(PLAIN_UDP, Math.min(payload, EDNS_PAYLOAD)) : PLAIN_UDP;
    }

    private void forward(Message query, int limit, Consumer<ByteBuffer> later) {
        int id = query.getHeader().getID();
        forwarder.send(query).whenComplete((response, failure) -> {
            if (failure != null || response == null) {
                later.accept(ByteBuffer.wrap(errorMessage(query, Rcode.SERVFAIL).toWire(limit)));
                return;
            }
            Message reply = response.clone();
            reply.getHeader().setID(id);
            fitOpt(query, reply);
            later.accept(ByteBuffer.wrap(reply.toWire(limit)));
        });
    }

    /** Answers a CNAME whose target lies outside the zone: the target's records come from upstream. */
    private void chase(Message query, Resolution.Answer answer, int limit, Consumer<ByteBuffer> later) {
        Record question = query.getQuestion();
        Message upstream = Message.newQuery(Record.newRecord(answer.chase(), question.getType(), DClass.IN));
        forwarder.send(upstream).whenComplete((response, failure) -> {
            Message reply = responseTo(query);
            reply.getHeader().setFlag(Flags.AA);
            answer.records().forEach(r -> reply.addRecord(r, Section.ANSWER));
            if (failure == null && response != null) {
                List<Record> more = response.getSection(Section.ANSWER);
                more.forEach(r -> reply.addRecord(r, Section.ANSWER));
                if (response.getRcode() == Rcode.NXDOMAIN) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                }
            }
            later.accept(ByteBuffer.wrap(reply.toWire(limit)));
        });
    }

    private boolean error(Message query, int rcode, int limit, ByteBuffer out) {
        out.put(errorMessage(query, rcode).toWire(limit));
        out.flip();
        return true;
    }

    private static Message errorMessage(Message query, int rcode) {
        Message reply = responseTo(query);
        reply.getHeader().setRcode(rcode);
        return reply;
    }

    /** An empty reply to {@code query}: its id, question, RD and CD, RA set, OPT when it had one. */
    private static Message responseTo(Message query) {
        Message reply = new Message(query.getHeader().getID());
        Header h = reply.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (query.getHeader().getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        fitOpt(query, reply);
        return reply;
    }

    /** Gives the reply an OPT record of ours exactly when the query had one. */
    private static void fitOpt(Message query, Message reply) {
        OPTRecord theirs = reply.getOPT();
        if (theirs != null) {
            reply.removeRecord(theirs, Section.ADDITIONAL);
        }
        if (query.getOPT() != null) {
            reply.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, 0), Section.ADDITIONAL);
        }
    }
}
