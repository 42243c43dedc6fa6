package io.timonel.plugins.clusterdns.records;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The records the server answers from, kept current by {@link #apply}: each owner (a Service)
 * contributes a set of names with their records, which replaces its previous set whole. Names are
 * case-insensitive (dnsjava's {@link Name} compares so). Besides the stored names, the index knows
 * the zone's apex records, the empty non-terminals above every stored name (which exist: NODATA,
 * not NXDOMAIN) and the pod names {@code a-b-c-d.<namespace>.pod.<domain>}, answered from the name
 * itself as Kubernetes' DNS does ("pods insecure").
 *
 * <p>Writers are serialised by the caller (one watch thread or a lock); readers run concurrently
 * with them and see each name either before or after a change. After each change the index
 * increments {@link #version()} and then tells the change listener which names changed.
 */
public final class RecordIndex {
    private static final int MAX_CHASE = 8;

    private final Zone zone;
    private final Map<Name, List<Record>> fixed = new HashMap<>();
    private final ConcurrentHashMap<Name, Map<String, List<Record>>> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Name, Integer> nonTerminals = new ConcurrentHashMap<>();
    private final Map<String, Map<Name, List<Record>>> byOwner = new HashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Consumer<Set<Name>> listener = changed -> { };

    public RecordIndex(Zone zone) {
        this.zone = zone;
        for (Record r : zone.fixedRecords()) {
            fixed.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
        }
        for (Name n : List.copyOf(fixed.keySet())) {
            for (Name parent : ancestors(n)) {
                nonTerminals.merge(parent, 1, Integer::sum);
            }
        }
        nonTerminals.merge(zone.services(), 1, Integer::sum);
        nonTerminals.merge(zone.pods(), 1, Integer::sum);
    }

    public Zone zone() {
        return zone;
    }

    /** Called after each change with the names whose answers may differ (never on a reader's thread). */
    public void onChange(Consumer<Set<Name>> listener) {
        this.listener = listener;
    }

    /** Incremented by every change, before its listener is told. */
    public long version() {
        return version.get();
    }

    /**
     * Replaces everything {@code owner} contributed by {@code contribution} (empty: removes it).
     * A name mapped to an empty list exists without records. Names outside the zone are kept as
     * they are (reverse names for PTR).
     */
    public synchronized void apply(String owner, Map<Name, List<Record>> contribution) {
        Map<Name, List<Record>> previous = byOwner.getOrDefault(owner, Map.of());
        if (previous.equals(contribution)) {
            return;
        }
        Set<Name> changed = new HashSet<>();
        for (Map.Entry<Name, List<Record>> e : contribution.entrySet()) {
            Name name = e.getKey();
            if (!e.getValue().equals(previous.get(name))) {
                names.compute(name, (n, owners) -> with(owners, owner, List.copyOf(e.getValue())));
                changed.add(name);
            }
            if (!previous.containsKey(name)) {
                for (Name parent : ancestors(name)) {
                    nonTerminals.merge(parent, 1, Integer::sum);
                    changed.add(parent);
                }
            }
        }
        for (Name name : previous.keySet()) {
            if (!contribution.containsKey(name)) {
                names.computeIfPresent(name, (n, owners) -> without(owners, owner));
                changed.add(name);
                for (Name parent : ancestors(name)) {
                    nonTerminals.computeIfPresent(parent, (p, count) -> count == 1 ? null : count - 1);
                    changed.add(parent);
                }
            }
        }
        if (contribution.isEmpty()) {
            byOwner.remove(owner);
        } else {
            byOwner.put(owner, Map.copyOf(contribution));
        }
        version.incrementAndGet();
        listener.accept(changed);
    }

    /** Answers a question of {@code type} (a {@link Type} value; {@link Type#ANY} for all) for {@code name}. */
    public Resolution resolve(Name name, int type) {
        if (!zone.contains(name)) {
            List<Record> records = stored(name);
            if (records == null) {
                return Resolution.FORWARD;
            }
            List<Record> matching = ofType(records, type);
            return matching.isEmpty() ? Resolution.NO_DATA : new Resolution.Answer(matching, null);
        }
        List<Record> answer = new ArrayList<>();
        Name current = name;
        for (int hops = 0; hops < MAX_CHASE; hops++) {
            List<Record> records = inZone(current, type);
            if (records == null) {
                return answer.isEmpty() ? Resolution.NX_DOMAIN : new Resolution.Answer(answer, null);
            }
            CNAMERecord cname = type == Type.CNAME || type == Type.ANY ? null : cnameOf(records);
            if (cname == null) {
                answer.addAll(ofType(records, type));
                if (answer.isEmpty()) {
                    return Resolution.NO_DATA;
                }
                return new Resolution.Answer(answer, null);
            }
            answer.add(cname);
            current = cname.getTarget();
            if (!zone.contains(current)) {
                return new Resolution.Answer(answer, current);
            }
        }
        return new Resolution.Answer(answer, null);
    }

    /** The records at an in-zone name (possibly empty: it exists), or null when it does not exist. */
    private List<Record> inZone(Name name, int type) {
        List<Record> apex = fixed.get(name);
        if (apex != null) {
            return apex;
        }
        List<Record> records = stored(name);
        if (records != null) {
            return records;
        }
        if (nonTerminals.containsKey(name)) {
            return List.of();
        }
        return podRecords(name);
    }

    private List<Record> stored(Name name) {
        Map<String, List<Record>> owners = names.get(name);
        if (owners == null) {
            return null;
        }
        if (owners.size() == 1) {
            return owners.values().iterator().next();
        }
        List<Record> all = new ArrayList<>();
        owners.values().forEach(all::addAll);
        return all;
    }

    /** {@code a-b-c-d.<namespace>.pod.<domain>} is A a.b.c.d; {@code <namespace>.pod.<domain>} exists. */
    private List<Record> podRecords(Name name) {
        int depth = name.labels() - zone.pods().labels();
        if (depth < 1 || depth > 2 || !name.subdomain(zone.pods())) {
            return null;
        }
        if (depth == 1) {
            return List.of();
        }
        InetAddress address = dashedIpv4(name.getLabelString(0));
        return address == null ? null : List.of(new ARecord(name, DClass.IN, zone.ttl(), address));
    }

    /** The IPv4 address a label {@code a-b-c-d} spells, or null. */
    static InetAddress dashedIpv4(String label) {
        String[] parts = label.split("-", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static CNAMERecord cnameOf(List<Record> records) {
        for (Record r : records) {
            if (r instanceof CNAMERecord c) {
                return c;
            }
        }
        return null;
    }

    private static List<Record> ofType(List<Record> records, int type) {
        if (type == Type.ANY) {
            return records;
        }
        List<Record> out = new ArrayList<>(records.size());
        for (Record r : records) {
            if (r.getType() == type) {
                out.add(r);
            }
        }
        return out;
    }

    /** The names strictly between {@code name} and the zone's origin (none for names outside it). */
    private List<Name> ancestors(Name name) {
        if (!zone.contains(name)) {
            return List.of();
        }
        List<Name> out = new ArrayList<>();
        int stop = zone.origin().labels();
        for (int labels = name.labels() - 1; labels > stop; labels--) {
            out.add(new Name(name, name.labels() - labels));
        }
        return out;
    }

    private static Map<String, List<Record>> with(Map<String, List<Record>> owners, String owner, List<Record> records) {
        if (owners == null) {
            return Map.of(owner, records);
        }
        Map<String, List<Record>> copy = new HashMap<>(owners);
        copy.put(owner, records);
        return Map.copyOf(copy);
    }

    private static Map<String, List<Record>> without(Map<String, List<Record>> owners, String owner) {
        if (!owners.containsKey(owner)) {
            return owners;
        }
        Map<String, List<Record>> copy = new HashMap<>(owners);
        copy.remove(owner);
        return copy.isEmpty() ? null : Map.copyOf(copy);
    }
}
