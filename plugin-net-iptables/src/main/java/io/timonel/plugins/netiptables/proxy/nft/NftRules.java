package io.timonel.plugins.netiptables.proxy.nft;

import io.timonel.plugins.netiptables.proxy.ChainNames;
import io.timonel.plugins.netiptables.proxy.Endpoint;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The nftables data plane's generation, a pure function from service ports (and their endpoint
 * slots) to what the table {@code ip timonel} holds. Everything lives in that one table, so that
 * stopping is {@code delete table ip timonel} and nothing else on the node is touched.
 *
 * <p>Shape. Base chains {@code nat-prerouting} and {@code nat-output} (priority -100) jump to
 * {@value #SERVICES}. Most ports (no session affinity, no externalTrafficPolicy Local) have no
 * chain at all: each of their addresses is a key in a class map of its protocol and endpoint
 * count, {@code ep-tcp-N} ({@code ip daddr . tcp dport . index → endpoint}), and its node port a
 * key in {@code np-tcp-N}; one rule per class map DNATs with {@code numgen random mod N} as the
 * index, and a destination of another class fails the lookup and goes on to the next rule. The
 * sets {@value #CLUSTER_IPS}, {@value #EXTERNAL_IPS} and {@value #NODEPORTS_MASQ} say which
 * connections to mark for masquerading. Why no chain per service: nft reads every chain of the
 * table before each transaction (10,000 chains: tens of milliseconds a sync), and creating sets
 * or binding rules to a map costs the kernel walks that grow with the table (one map or set per
 * service: 6 to 15 s for 10,000). An endpoint change is thus one element deleted and one added.
 *
 * <p>The other ports keep chains, looked up in the verdict maps {@value #SERVICE_IPS}
 * ({@code ip daddr . meta l4proto . th dport}) and, for this node's addresses
 * ({@code fib daddr type local} but not loopback, or the {@code nodePortAddresses}),
 * {@value #SERVICE_NODEPORTS}: a cluster IP goes to the port's {@code svc-…} chain (all
 * endpoints) or, with internalTrafficPolicy Local, its {@code svl-…} chain (this node's
 * endpoints); external traffic goes to its {@code ext-…} chain, which marks it for masquerading
 * and goes on to svc, or under externalTrafficPolicy Local keeps the client's address and goes on
 * to svl (pods and the node itself still get the whole service). Such a chain picks an endpoint
 * with {@code numgen random mod N offset O} in a shared shard map ({@link EndpointSlots}); with
 * sessionAffinity ClientIP it goes instead to one chain per endpoint ({@code aep-…}) that records
 * the client in a dynamic set with the affinity timeout ({@code aff-…}), and a client found in one
 * of those sets goes straight back to its endpoint.
 *
 * <p>Masquerading ({@code nat-postrouting}, priority 100, chain {@value #MASQUERADING}): pod
 * traffic leaving the cluster CIDR, hairpin (a DNATed connection whose source and destination are
 * the same local endpoint, set {@value #HAIRPIN}), and connections marked 0x4000 by
 * {@value #MARK_MASQ} (a cluster IP reached from outside the cluster CIDR, external traffic under
 * policy Cluster).
 *
 * <p>Filter ({@code filter-input}, {@code filter-forward}, {@code filter-output}, priority -10:
 * after DNAT, before iptables' filter chains): a new connection still addressed to a service
 * without endpoints ({@value #NO_ENDPOINT_SERVICES}, {@value #NO_ENDPOINT_NODEPORTS}) is rejected
 * at once (TCP reset, else ICMP port unreachable), or dropped when external traffic under policy
 * Local finds no endpoint on this node. Accepting forwarded traffic against a DROP policy in
 * iptables' FORWARD (Docker's) cannot be done from here, since an accept in one table does not
 * bind another: {@link IptablesForwardAccept} does it.
 */
public final class NftRules {
    /** The table, family ip. */
    public static final String TABLE = "ip timonel";
    public static final String SERVICE_IPS = "service-ips";
    public static final String SERVICE_NODEPORTS = "service-nodeports";
    public static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    public static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
    public static final String HAIRPIN = "hairpin";
    public static final String CLUSTER_IPS = "cluster-ips";
    public static final String EXTERNAL_IPS = "external-ips";
    public static final String NODEPORTS_MASQ = "nodeports-masq";
    public static final String MARK_MASQ = "mark-for-masquerade";
    public static final String MASQUERADING = "masquerading";
    public static final String REJECT = "reject-chain";
    public static final String SERVICES = "services";
    public static final String ENDPOINTS_CHECK = "endpoints-check";
    /** The packet mark that asks {@value #MASQUERADING} to masquerade (as the iptables mode's). */
    public static final String MASQ_MARK = "0x4000";

    /** The fixed maps and sets: name → declaration. */
    private static final Map<String, String> FIXED_SETS = new LinkedHashMap<>();

    static {
        FIXED_SETS.put(SERVICE_IPS, "map " + TABLE + " " + SERVICE_IPS
                + " { type ipv4_addr . inet_proto . inet_service : verdict; }");
        FIXED_SETS.put(SERVICE_NODEPORTS, "map " + TABLE + " " + SERVICE_NODEPORTS
                + " { type inet_proto . inet_service : verdict; }");
        FIXED_SETS.put(NO_ENDPOINT_SERVICES, "map " + TABLE + " " + NO_ENDPOINT_SERVICES
                + " { type ipv4_addr . inet_proto . inet_service : verdict; }");
        FIXED_SETS.put(NO_ENDPOINT_NODEPORTS, "map " + TABLE + " " + NO_ENDPOINT_NODEPORTS
                + " { type inet_proto . inet_service : verdict; }");
        FIXED_SETS.put(HAIRPIN, "set " + TABLE + " " + HAIRPIN + " { type ipv4_addr . ipv4_addr; }");
        FIXED_SETS.put(CLUSTER_IPS, "set " + TABLE + " " + CLUSTER_IPS + " { type ipv4_addr . inet_proto . inet_service; }");
        FIXED_SETS.put(EXTERNAL_IPS, "set " + TABLE + " " + EXTERNAL_IPS
                + " { type ipv4_addr . inet_proto . inet_service; }");
        FIXED_SETS.put(NODEPORTS_MASQ, "set " + TABLE + " " + NODEPORTS_MASQ + " { type inet_proto . inet_service; }");
    }

    private final String clusterCidr;
    private final List<String> nodePortAddresses;

    /**
     * @param clusterCidr       the pod network (e.g. {@code 10.42.0.0/16}); traffic from outside it to a cluster
     *                          IP is masqueraded, and traffic from it to outside it too; null or blank: neither
     * @param nodePortAddresses the addresses or CIDRs node ports answer on; empty: every local address but loopback
     */
    public NftRules(String clusterCidr, List<String> nodePortAddresses) {
        this.clusterCidr = clusterCidr == null || clusterCidr.isBlank() ? null : clusterCidr.strip();
        this.nodePortAddresses = List.copyOf(nodePortAddresses);
    }

    /**
     * The name of endpoint shard map {@code shard} for {@code proto}. Maps are per protocol because
     * nft (1.0.6) cannot read back a map whose data is typed {@code th dport}: its data is
     * {@code ip daddr . tcp dport} (or udp, sctp), which only rules matching that protocol may use.
     */
    public static String endpointMap(String proto, int shard) {
        return "endpoints-" + proto + "-" + shard;
    }

    /** The {@code add map …} command that declares endpoint shard map {@code map}. */
    public static String declareEndpointMap(String map) {
        return "add map " + TABLE + " " + map + " { typeof numgen random mod 1 : ip daddr . " + protocolOf(map)
                + " dport; }";
    }

    /** The protocol of a per-protocol map ({@code ep-tcp-3}, {@code endpoints-udp-7}). */
    static String protocolOf(String map) {
        int end = map.lastIndexOf('-');
        return map.substring(map.lastIndexOf('-', end - 1) + 1, end);
    }

    /** The {@code add set …} command that declares an affinity set. */
    public static String declareAffinitySet(String name, int timeoutSeconds) {
        return "add set " + TABLE + " " + name + " { type ipv4_addr; flags dynamic,timeout; timeout " + timeoutSeconds
                + "s; }";
    }

    /** The names of the fixed maps and sets, whose elements come from the ports. */
    public static List<String> fixedSets() {
        return List.copyOf(FIXED_SETS.keySet());
    }

    /** The chains of the fixed part, base chains included. */
    public static List<String> fixedChains() {
        return List.of(MARK_MASQ, MASQUERADING, REJECT, SERVICES, ENDPOINTS_CHECK, "nat-prerouting", "nat-output",
                "nat-postrouting", "filter-input", "filter-forward", "filter-output");
    }

    /** Whether {@code name} is one of the fixed sets (not a map): flushed with {@code flush set}. */
    public static boolean isSet(String name) {
        return FIXED_SETS.getOrDefault(name, "").startsWith("set ");
    }

    /** The class map of {@code proto} addresses balanced over {@code n} endpoints. */
    public static String addressClass(String proto, int n) {
        return "ep-" + proto + "-" + n;
    }

    /** The class map of {@code proto} node ports balanced over {@code n} endpoints. */
    public static String nodePortClass(String proto, int n) {
        return "np-" + proto + "-" + n;
    }

    /** Whether {@code map} is a class map ({@link #addressClass}, {@link #nodePortClass}). */
    public static boolean isClass(String map) {
        return map.startsWith("ep-") || map.startsWith("np-");
    }

    /** Whether {@code map} is an endpoint shard of the chained services ({@link EndpointSlots}). */
    public static boolean isShard(String map) {
        return map.startsWith("endpoints-");
    }

    /** The {@code add map …} command that declares class map {@code map}. */
    public static String declareClass(String map) {
        String proto = protocolOf(map);
        String key = map.startsWith("ep-") ? "ip daddr . " + proto + " dport" : proto + " dport";
        return "add map " + TABLE + " " + map + " { typeof " + key + " . numgen random mod 1 : ip daddr . " + proto
                + " dport; }";
    }

    /**
     * The rule of {@value #SERVICES} that balances through class map {@code map}: a destination
     * whose key is not in the map (another class) fails the lookup and goes on to the next rule.
     */
    public List<String> classRules(String map) {
        int n = Integer.parseInt(map.substring(map.lastIndexOf('-') + 1));
        String proto = protocolOf(map);
        return List.of(map.startsWith("ep-")
                ? "meta l4proto " + proto + " dnat ip addr . port to ip daddr . " + proto + " dport . numgen random mod "
                        + n + " map @" + map
                : nodeAddresses() + "meta l4proto " + proto + " dnat ip addr . port to " + proto
                        + " dport . numgen random mod " + n + " map @" + map);
    }

    /**
     * The fixed part of the table as {@code add} commands (each idempotent): the table, the fixed
     * maps and sets, the fixed and base chains, then the fixed chains' rules. Applied after the
     * table was flushed, it gives them back exactly.
     */
    public List<String> base() {
        List<String> out = new ArrayList<>(40);
        out.add("add table " + TABLE);
        FIXED_SETS.values().forEach(declaration -> out.add("add " + declaration));
        for (String chain : List.of(MARK_MASQ, MASQUERADING, REJECT, SERVICES, ENDPOINTS_CHECK)) {
            out.add("add chain " + TABLE + " " + chain);
        }
        baseChain(out, "nat-prerouting", "nat", "prerouting", "-100");
        baseChain(out, "nat-output", "nat", "output", "-100");
        baseChain(out, "nat-postrouting", "nat", "postrouting", "100");
        baseChain(out, "filter-input", "filter", "input", "-10");
        baseChain(out, "filter-forward", "filter", "forward", "-10");
        baseChain(out, "filter-output", "filter", "output", "-10");

        rule(out, "nat-prerouting", "jump " + SERVICES);
        rule(out, "nat-output", "jump " + SERVICES);
        rule(out, "nat-postrouting", "jump " + MASQUERADING);
        for (String chain : List.of("filter-input", "filter-forward", "filter-output")) {
            rule(out, chain, "ct state new jump " + ENDPOINTS_CHECK);
        }
        rule(out, MARK_MASQ, "meta mark set meta mark | " + MASQ_MARK);
        if (clusterCidr != null) {
            rule(out, MASQUERADING, "ip saddr " + clusterCidr + " ip daddr != " + clusterCidr + " masquerade");
        }
        rule(out, MASQUERADING, "ct status dnat ip saddr . ip daddr @" + HAIRPIN + " masquerade");
        rule(out, MASQUERADING, "meta mark & " + MASQ_MARK + " == 0 return");
        rule(out, MASQUERADING, "meta mark set meta mark ^ " + MASQ_MARK);
        rule(out, MASQUERADING, "masquerade fully-random");
        rule(out, REJECT, "meta l4proto tcp reject with tcp reset");
        rule(out, REJECT, "reject");
        rule(out, SERVICES, "ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS);
        rule(out, SERVICES, nodeAddresses() + "meta l4proto . th dport vmap @" + SERVICE_NODEPORTS);
        if (clusterCidr != null) {
            rule(out, SERVICES, "ip saddr != " + clusterCidr + " ip daddr . meta l4proto . th dport @" + CLUSTER_IPS
                    + " jump " + MARK_MASQ);
        }
        rule(out, SERVICES, "ip daddr . meta l4proto . th dport @" + EXTERNAL_IPS + " jump " + MARK_MASQ);
        rule(out, SERVICES, nodeAddresses() + "meta l4proto . th dport @" + NODEPORTS_MASQ + " jump " + MARK_MASQ);
        rule(out, ENDPOINTS_CHECK, "ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES);
        rule(out, ENDPOINTS_CHECK, nodeAddresses() + "meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS);
        return out;
    }

    private String nodeAddresses() {
        if (nodePortAddresses.isEmpty()) {
            return "fib daddr type local ip daddr != 127.0.0.0/8 ";
        }
        return "ip daddr { " + String.join(", ", nodePortAddresses) + " } ";
    }

    private static void baseChain(List<String> out, String name, String type, String hook, String priority) {
        out.add("add chain " + TABLE + " " + name + " { type " + type + " hook " + hook + " priority " + priority
                + "; policy accept; }");
    }

    private static void rule(List<String> out, String chain, String rule) {
        out.add("add rule " + TABLE + " " + chain + " " + rule);
    }

    /**
     * What one port contributes. {@code slots} gives each balancing chain its place in the endpoint
     * maps; the same port with the same slots gives the same piece.
     */
    public NftServiceRules forPort(ServicePort p, Function<String, EndpointSlots.Slot> slots) {
        List<Endpoint> usable = p.usable();
        List<Endpoint> local = usable.stream().filter(Endpoint::local).toList();
        boolean external = p.external();
        if (p.affinitySeconds() == 0 && !(external && p.externalLocal())) {
            return classed(p, usable, local);
        }
        String hash = ChainNames.hash(p.key());
        String svc = "svc-" + hash;
        String svl = "svl-" + hash;
        String ext = "ext-" + hash;
        String internalTarget = p.internalLocal() ? (local.isEmpty() ? null : svl) : (usable.isEmpty() ? null : svc);
        boolean needSvc = !usable.isEmpty() && (!p.internalLocal() || external);
        boolean needSvl = !local.isEmpty() && (p.internalLocal() || (external && p.externalLocal()));
        String proto = p.protocol().toLowerCase(Locale.ROOT);

        Map<String, List<String>> chains = new LinkedHashMap<>();
        Map<String, Map<String, String>> elements = new LinkedHashMap<>();
        Map<String, Integer> affinity = new LinkedHashMap<>();
        if (needSvc) {
            balance(p, proto, usable, svc, svc.equals(internalTarget), slots, chains, elements, affinity);
        }
        if (needSvl) {
            balance(p, proto, local, svl, svl.equals(internalTarget), slots, chains, elements, affinity);
        }
        if (external && !usable.isEmpty()) {
            chains.put(ext, externalRules(p, svc, needSvl ? svl : null));
        }
        for (String ip : p.clusterIps()) {
            String key = ip + " . " + proto + " . " + p.port();
            if (internalTarget != null) {
                put(elements, SERVICE_IPS, key, "goto " + internalTarget);
            } else {
                put(elements, NO_ENDPOINT_SERVICES, key, "goto " + REJECT);
            }
        }
        // null: no endpoint at all (reject); "drop": policy Local without a local endpoint; "": reachable
        String unreachable = usable.isEmpty() ? null : p.externalLocal() && local.isEmpty() ? "drop" : "";
        List<String> externalAddresses = new ArrayList<>(p.externalIps());
        externalAddresses.addAll(p.loadBalancerIps());
        for (String ip : externalAddresses) {
            String key = ip + " . " + proto + " . " + p.port();
            if (!usable.isEmpty()) {
                put(elements, SERVICE_IPS, key, "goto " + ext);
            }
            if (unreachable == null) {
                put(elements, NO_ENDPOINT_SERVICES, key, "goto " + REJECT);
            } else if (!unreachable.isEmpty()) {
                put(elements, NO_ENDPOINT_SERVICES, key, unreachable);
            }
        }
        if (p.nodePort() > 0) {
            String key = proto + " . " + p.nodePort();
            if (!usable.isEmpty()) {
                put(elements, SERVICE_NODEPORTS, key, "goto " + ext);
            }
            if (unreachable == null) {
                put(elements, NO_ENDPOINT_NODEPORTS, key, "goto " + REJECT);
            } else if (!unreachable.isEmpty()) {
                put(elements, NO_ENDPOINT_NODEPORTS, key, unreachable);
            }
        }
        return new NftServiceRules(chains, elements, affinity);
    }

    /**
     * A port without affinity nor externalTrafficPolicy Local: no chain at all, only elements. Its
     * addresses are keys in the class map of its protocol and endpoint count ({@code ep-tcp-N}:
     * address . port . index → endpoint), its node port in {@code np-tcp-N} (port . index → endpoint); the masquerading marks come from the
     * sets {@value #CLUSTER_IPS}, {@value #EXTERNAL_IPS}, {@value #NODEPORTS_MASQ}. Why no chain: nft
     * reads every chain of the table before each transaction, so chains would cost every sync.
     */
    private NftServiceRules classed(ServicePort p, List<Endpoint> usable, List<Endpoint> local) {
        String proto = p.protocol().toLowerCase(Locale.ROOT);
        List<Endpoint> internal = p.internalLocal() ? local : usable;
        Map<String, Map<String, String>> elements = new LinkedHashMap<>();
        for (String ip : p.clusterIps()) {
            String key = ip + " . " + proto + " . " + p.port();
            if (internal.isEmpty()) {
                put(elements, NO_ENDPOINT_SERVICES, key, "goto " + REJECT);
            } else {
                put(elements, CLUSTER_IPS, key, "");
                classElements(elements, addressClass(proto, internal.size()), ip + " . " + p.port(), internal);
            }
        }
        List<String> externalAddresses = new ArrayList<>(p.externalIps());
        externalAddresses.addAll(p.loadBalancerIps());
        for (String ip : externalAddresses) {
            String key = ip + " . " + proto + " . " + p.port();
            if (usable.isEmpty()) {
                put(elements, NO_ENDPOINT_SERVICES, key, "goto " + REJECT);
            } else {
                put(elements, EXTERNAL_IPS, key, "");
                classElements(elements, addressClass(proto, usable.size()), ip + " . " + p.port(), usable);
            }
        }
        if (p.nodePort() > 0) {
            String key = proto + " . " + p.nodePort();
            if (usable.isEmpty()) {
                put(elements, NO_ENDPOINT_NODEPORTS, key, "goto " + REJECT);
            } else {
                put(elements, NODEPORTS_MASQ, key, "");
                classElements(elements, nodePortClass(proto, usable.size()), Integer.toString(p.nodePort()), usable);
            }
        }
        boolean reachable = !internal.isEmpty() || (p.external() && !usable.isEmpty());
        if (reachable) {
            for (Endpoint e : p.external() ? usable : internal) {
                if (e.local()) {
                    // hairpin: a pod reaching itself through the service must see the reply come back through NAT
                    put(elements, HAIRPIN, e.ip() + " . " + e.ip(), "");
                }
            }
        }
        return new NftServiceRules(Map.of(), elements, Map.of());
    }

    private static void classElements(Map<String, Map<String, String>> elements, String map, String key,
                                      List<Endpoint> endpoints) {
        Map<String, String> entries = elements.computeIfAbsent(map, k -> new LinkedHashMap<>());
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            entries.put(key + " . " + i, e.ip() + " . " + e.port());
        }
    }

    /** A chain that balances over {@code endpoints} (non-empty), with what it needs in maps and sets. */
    private void balance(ServicePort p, String proto, List<Endpoint> all, String chain, boolean clusterIpEntry,
                         Function<String, EndpointSlots.Slot> slots, Map<String, List<String>> chains,
                         Map<String, Map<String, String>> elements, Map<String, Integer> affinity) {
        List<Endpoint> endpoints = all.size() > EndpointSlots.BLOCK ? all.subList(0, EndpointSlots.BLOCK) : all;
        List<String> rules = new ArrayList<>(4);
        if (clusterIpEntry && clusterCidr != null) {
            for (String ip : p.clusterIps()) {
                rules.add("ip daddr " + ip + " ip saddr != " + clusterCidr + " jump " + MARK_MASQ);
            }
        }
        for (Endpoint e : endpoints) {
            if (e.local()) {
                // hairpin: a pod reaching itself through the service must see the reply come back through NAT
                put(elements, HAIRPIN, e.ip() + " . " + e.ip(), "");
            }
        }
        int n = endpoints.size();
        if (p.affinitySeconds() > 0) {
            List<String> targets = new ArrayList<>(n);
            for (Endpoint e : endpoints) {
                String id = ChainNames.hash(p.key() + "/" + e.destination() + "/" + p.affinitySeconds());
                String aep = "aep-" + id;
                String aff = "aff-" + id;
                affinity.put(aff, p.affinitySeconds());
                chains.put(aep, List.of("update @" + aff + " { ip saddr }",
                        "meta l4proto " + proto + " dnat to " + e.destination()));
                rules.add("ip saddr @" + aff + " goto " + aep);
                targets.add(aep);
            }
            if (n == 1) {
                rules.add("goto " + targets.get(0));
            } else {
                StringBuilder vmap = new StringBuilder("numgen random mod ").append(n).append(" vmap { ");
                for (int i = 0; i < n; i++) {
                    vmap.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(targets.get(i));
                }
                rules.add(vmap.append(" }").toString());
            }
        } else if (n == 1) {
            rules.add("meta l4proto " + proto + " dnat to " + endpoints.get(0).destination());
        } else {
            EndpointSlots.Slot slot = slots.apply(chain);
            String shard = endpointMap(proto, slot.shard());
            rules.add("meta l4proto " + proto + " dnat ip addr . port to numgen random mod " + n + " offset "
                    + slot.offset() + " map @" + shard);
            Map<String, String> map = elements.computeIfAbsent(shard, k -> new LinkedHashMap<>());
            for (int i = 0; i < n; i++) {
                Endpoint e = endpoints.get(i);
                map.put(Long.toString(slot.offset() + i), e.ip() + " . " + e.port());
            }
        }
        chains.put(chain, rules);
    }

    private List<String> externalRules(ServicePort p, String svc, String svlOrNull) {
        if (!p.externalLocal()) {
            return List.of("jump " + MARK_MASQ, "goto " + svc);
        }
        List<String> rules = new ArrayList<>(4);
        if (clusterCidr != null) {
            rules.add("ip saddr " + clusterCidr + " goto " + svc);
        }
        rules.add("fib saddr type local jump " + MARK_MASQ);
        rules.add("fib saddr type local goto " + svc);
        if (svlOrNull != null) {
            rules.add("goto " + svlOrNull);
        }
        return rules;
    }

    private static void put(Map<String, Map<String, String>> elements, String map, String key, String value) {
        elements.computeIfAbsent(map, k -> new LinkedHashMap<>()).putIfAbsent(key, value);
    }
}
