package io.timonel.plugins.clusterdns.records;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The cluster domain this server is authoritative for and the records of its apex: SOA (whose
 * minimum is the TTL of negative answers), NS {@code ns.dns.<domain>} at the DNS Service's address,
 * and the {@code dns-version} TXT record of the Kubernetes DNS specification.
 */
public final class Zone {
    /** The version of the Kubernetes DNS-based service discovery specification served. */
    public static final String SPEC_VERSION = "1.1.0";

    private final Name origin;
    private final Name services;
    private final Name pods;
    private final long ttl;
    private final SOARecord soa;
    private final NSRecord ns;
    private final ARecord nsAddress;
    private final TXTRecord version;

    /**
     * @param domain    the cluster domain, e.g. {@code cluster.local}
     * @param ttl       the TTL of every answer, in seconds
     * @param dnsServer the address of the cluster DNS Service (the NS record's address)
     * @param serial    the SOA serial
     */
    public Zone(String domain, long ttl, InetAddress dnsServer, long serial) {
        try {
            origin = Name.fromString(domain.endsWith(".") ? domain : domain + ".").canonicalize();
            services = new Name("svc", origin);
            pods = new Name("pod", origin);
            Name nsName = Name.fromString("ns.dns", origin);
            soa = new SOARecord(origin, DClass.IN, ttl, nsName, Name.fromString("hostmaster", origin), serial,
                    7200, 1800, 86400, ttl);
            ns = new NSRecord(origin, DClass.IN, ttl, nsName);
            nsAddress = new ARecord(nsName, DClass.IN, ttl, dnsServer);
            version = new TXTRecord(new Name("dns-version", origin), DClass.IN, ttl, SPEC_VERSION);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + domain, e);
        }
        this.ttl = ttl;
    }

    /** The cluster domain, absolute and lower case. */
    public Name origin() {
        return origin;
    }

    /** {@code svc.<domain>}: the parent of every namespace's Services. */
    public Name services() {
        return services;
    }

    /** {@code pod.<domain>}: the parent of the pod address names. */
    public Name pods() {
        return pods;
    }

    public long ttl() {
        return ttl;
    }

    public SOARecord soa() {
        return soa;
    }

    /** Whether {@code name} is the domain or below it. */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    /** The fixed records of the zone (apex SOA and NS, the name server's address, dns-version). */
    public List<Record> fixedRecords() {
        return List.of(soa, ns, nsAddress, version);
    }

    /** {@code <service>.<namespace>.svc.<domain>}, or null when the labels do not make a name. */
    public Name serviceName(String namespace, String service) {
        try {
            return new Name(service + "." + namespace, services);
        } catch (TextParseException e) {
            return null;
        }
    }
}
