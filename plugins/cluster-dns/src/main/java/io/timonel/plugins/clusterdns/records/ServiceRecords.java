package io.timonel.plugins.clusterdns.records;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * The records one Service stands for, after the Kubernetes DNS-based service discovery
 * specification (1.1.0), as a map from name to records (an empty list: the name exists without data):
 * <ul>
 *   <li>ClusterIP: {@code <svc>.<ns>.svc.<domain>} A/AAAA of its cluster IPs, SRV
 *       {@code _<port>._<proto>.<svc>…} for each named port targeting the Service's name, PTR of each
 *       cluster IP; each ready endpoint address gets a PTR to its pod name {@code a-b-c-d.<ns>.pod.<domain>}.</li>
 *   <li>Headless ({@code clusterIP: None}): A/AAAA of every ready endpoint address (all of them
 *       with {@code publishNotReadyAddresses}); {@code <hostname>.<svc>…} for endpoints with a
 *       hostname, {@code a-b-c-d.<svc>…} for the others; SRV per named port and endpoint targeting
 *       those names; PTR of each endpoint address to its name.</li>
 *   <li>ExternalName: a CNAME to the external name.</li>
 * </ul>
 */
public final class ServiceRecords {
    private static final String HEADLESS = "None";

    private ServiceRecords() {
    }

    /** The records of {@code service} given its EndpointSlices; empty when it makes no valid name. */
    public static Map<Name, List<Record>> of(Zone zone, Service service, Collection<EndpointSlice> slices) {
        String namespace = service.getMetadata().getNamespace();
        Name base = zone.serviceName(namespace, service.getMetadata().getName());
        ServiceSpec spec = service.getSpec();
        if (base == null || spec == null) {
            return Map.of();
        }
        long ttl = zone.ttl();
        Map<Name, List<Record>> out = new LinkedHashMap<>();
        out.put(base, new ArrayList<>());
        if ("ExternalName".equals(spec.getType())) {
            Name target = absolute(spec.getExternalName());
            if (target != null) {
                out.get(base).add(new CNAMERecord(base, DClass.IN, ttl, target));
            }
            return out;
        }
        List<String> clusterIps = clusterIps(spec);
        if (clusterIps.contains(HEADLESS)) {
            headless(zone, base, slices, Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()), out);
            return out;
        }
        for (String ip : clusterIps) {
            InetAddress address = parse(ip);
            if (address != null) {
                out.get(base).add(addressRecord(base, ttl, address));
                add(out, ReverseMap.fromAddress(address), new PTRRecord(ReverseMap.fromAddress(address), DClass.IN, ttl, base));
            }
        }
        if (!out.get(base).isEmpty() && spec.getPorts() != null) {
            for (ServicePort port : spec.getPorts()) {
                Name srv = srvName(port.getName(), port.getProtocol(), base);
                if (srv != null && port.getPort() != null) {
                    add(out, srv, new SRVRecord(srv, DClass.IN, ttl, 0, 100, port.getPort(), base));
                }
            }
        }
        Name pods = child(namespace, zone.pods());
        for (InetAddress address : readyAddresses(slices)) {
            if (pods != null && address instanceof Inet4Address) {
                Name reverse = ReverseMap.fromAddress(address);
                Name pod = child(dashed(address), pods);
                if (pod != null) {
                    add(out, reverse, new PTRRecord(reverse, DClass.IN, ttl, pod));
                }
            }
        }
        return out;
    }

    private static void headless(Zone zone, Name base, Collection<EndpointSlice> slices, boolean notReadyToo,
                                 Map<Name, List<Record>> out) {
        long ttl = zone.ttl();
        Set<Name> targets = new LinkedHashSet<>();
        Map<String, EndpointPort> ports = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!notReadyToo && !ready(endpoint)) {
                    continue;
                }
                for (String ip : nonNull(endpoint.getAddresses())) {
                    InetAddress address = parse(ip);
                    if (address == null) {
                        continue;
                    }
                    Record record = addressRecord(base, ttl, address);
                    if (!out.get(base).contains(record)) {
                        out.get(base).add(record);
                    }
                    String label = endpoint.getHostname() != null && !endpoint.getHostname().isBlank()
                            ? endpoint.getHostname() : dashed(address);
                    Name name = child(label, base);
                    if (name == null) {
                        continue;
                    }
                    add(out, name, addressRecord(name, ttl, address));
                    targets.add(name);
                    Name reverse = ReverseMap.fromAddress(address);
                    add(out, reverse, new PTRRecord(reverse, DClass.IN, ttl, name));
                }
            }
            for (EndpointPort port : nonNull(slice.getPorts())) {
                if (port.getName() != null && !port.getName().isEmpty() && port.getPort() != null) {
                    ports.putIfAbsent(port.getName() + "/" + port.getProtocol(), port);
                }
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        int weight = Math.max(1, 100 / targets.size());
        for (EndpointPort port : ports.values()) {
            Name srv = srvName(port.getName(), port.getProtocol(), base);
            if (srv == null) {
                continue;
            }
            for (Name target : targets) {
                add(out, srv, new SRVRecord(srv, DClass.IN, ttl, 0, weight, port.getPort(), target));
            }
        }
    }

    private static List<InetAddress> readyAddresses(Collection<EndpointSlice> slices) {
        List<InetAddress> out = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            for (Endpoint endpoint : nonNull(slice.getEndpoints())) {
                if (ready(endpoint)) {
                    for (String ip : nonNull(endpoint.getAddresses())) {
                        InetAddress a = parse(ip);
                        if (a != null && !out.contains(a)) {
                            out.add(a);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** An unknown readiness counts as ready, as EndpointSlice consumers are told to read it. */
    private static boolean ready(Endpoint endpoint) {
        return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
    }

    private static List<String> clusterIps(ServiceSpec spec) {
        if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
            return spec.getClusterIPs();
        }
        return spec.getClusterIP() == null || spec.getClusterIP().isEmpty() ? List.of() : List.of(spec.getClusterIP());
    }

    private static Name srvName(String portName, String protocol, Name base) {
        if (portName == null || portName.isEmpty()) {
            return null;
        }
        String proto = (protocol == null ? "TCP" : protocol).toLowerCase(Locale.ROOT);
        return child("_" + portName + "._" + proto, base);
    }

    private static Record addressRecord(Name name, long ttl, InetAddress address) {
        return address instanceof Inet4Address
                ? new ARecord(name, DClass.IN, ttl, address)
                : new AAAARecord(name, DClass.IN, ttl, address);
    }

    /** {@code 10-42-0-5} for 10.42.0.5; IPv6 with colons as dashes. */
    static String dashed(InetAddress address) {
        return address.getHostAddress().replace('.', '-').replace(':', '-');
    }

    private static void add(Map<Name, List<Record>> out, Name name, Record record) {
        List<Record> list = out.computeIfAbsent(name, n -> new ArrayList<>());
        if (!list.contains(record)) {
            list.add(record);
        }
    }

    private static Name child(String labels, Name parent) {
        try {
            return new Name(labels.toLowerCase(Locale.ROOT), parent);
        } catch (TextParseException e) {
            return null;
        }
    }

    private static Name absolute(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return null;
        }
    }

    /** The address an IP literal spells; null for anything else (never a name look-up). */
    private static InetAddress parse(String ip) {
        if (ip == null || ip.isEmpty() || !(ip.indexOf(':') >= 0 || ip.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
