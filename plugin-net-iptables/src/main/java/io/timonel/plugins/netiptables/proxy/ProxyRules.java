package io.timonel.plugins.netiptables.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule generation, a pure function from service ports to the chains that implement them.
 *
 * <p>Shape (nat): {@code PREROUTING}/{@code OUTPUT} → {@code TIMONEL-SERVICES}, one line per
 * cluster IP, external IP and load-balancer IP of a port with endpoints, then a jump to
 * {@code TIMONEL-NODEPORTS} for traffic to this node's addresses. A cluster IP leads to the port's
 * {@code TIMONEL-SVC-…} chain (all endpoints) or, with internalTrafficPolicy Local, to its
 * {@code TIMONEL-SVL-…} chain (this node's endpoints); external traffic leads to its
 * {@code TIMONEL-EXT-…} chain, which marks it for masquerading and goes on to SVC, or with
 * externalTrafficPolicy Local keeps the client's address and goes on to SVL (pods and the node
 * itself still get the whole service). An endpoint chain DNATs to one endpoint, chosen at random
 * with {@code statistic} probabilities 1/n, 1/(n-1) … 1 that make every endpoint equally likely;
 * with sessionAffinity ClientIP a {@code recent} list per endpoint sends a client back to the
 * endpoint it had within the timeout. Endpoints are rules in those chains rather than chains of
 * their own: with iptables-nft the cost of a transaction grows with the number of chains far more
 * than with the number of rules (measured: 110,000 chains take minutes, 10,000 seconds).
 *
 * <p>Masquerading ({@code TIMONEL-POSTROUTING}): connections marked by {@code TIMONEL-MARK-MASQ}
 * (to a cluster IP from outside the cluster CIDR, external traffic under policy Cluster, and
 * hairpin — a pod reaching itself through its service), and pod traffic leaving the cluster CIDR.
 *
 * <p>Filter: a port without endpoints is rejected at once ({@code tcp-reset}, else ICMP port
 * unreachable) in filter {@code TIMONEL-SERVICES} and {@code TIMONEL-EXTERNAL}; external traffic
 * under policy Local with no endpoint on this node is dropped; {@code TIMONEL-FORWARD} accepts
 * forwarded service traffic.
 */
public final class ProxyRules {
    /** The packet mark that asks {@code TIMONEL-POSTROUTING} to masquerade. */
    public static final String MASQ_MARK = "0x4000";

    private final String clusterCidr;
    private final List<String> nodePortAddresses;
    private final boolean loopbackNodePorts;

    /**
     * Node ports on every local address but loopback when {@code nodePortAddresses} is empty.
     *
     * @see #ProxyRules(String, List, boolean)
     */
    public ProxyRules(String clusterCidr, List<String> nodePortAddresses) {
        this(clusterCidr, nodePortAddresses, false);
    }

    /**
     * @param clusterCidr       the pod network (e.g. {@code 10.42.0.0/16}); traffic from outside it to a cluster
     *                          IP is masqueraded, and traffic from it to outside it too; null or blank: neither
     * @param nodePortAddresses the addresses or CIDRs node ports answer on; empty: every local address
     * @param loopbackNodePorts with empty {@code nodePortAddresses}, whether 127.0.0.0/8 answers too (as with
     *                          kube-proxy's localhost node ports; needs {@code route_localnet}, and packets to
     *                          loopback from elsewhere are then dropped)
     */
    public ProxyRules(String clusterCidr, List<String> nodePortAddresses, boolean loopbackNodePorts) {
        this.clusterCidr = clusterCidr == null || clusterCidr.isBlank() ? null : clusterCidr.strip();
        this.nodePortAddresses = List.copyOf(nodePortAddresses);
        this.loopbackNodePorts = loopbackNodePorts && nodePortAddresses.isEmpty();
    }

    /** The whole rule set for these ports (in their order). */
    public RuleSet generate(Collection<ServicePort> ports) {
        List<ServiceRules> pieces = new ArrayList<>(ports.size());
        for (ServicePort port : ports) {
            pieces.add(forPort(port));
        }
        return assemble(pieces);
    }

    /** What one port contributes; equal ports give equal rules (callers may memoize by port). */
    public ServiceRules forPort(ServicePort p) {
        List<Endpoint> usable = p.usable();
        List<Endpoint> local = usable.stream().filter(Endpoint::local).toList();
        boolean external = p.external();
        String svc = ChainNames.svc(p);
        String svl = ChainNames.svl(p);
        String ext = ChainNames.ext(p);
        String internalTarget = p.internalLocal() ? (local.isEmpty() ? null : svl) : (usable.isEmpty() ? null : svc);
        boolean needSvc = !usable.isEmpty() && (!p.internalLocal() || external);
        boolean needSvl = !local.isEmpty() && (p.internalLocal() || (external && p.externalLocal()));
        String proto = p.protocol().toLowerCase(Locale.ROOT);
        String match = "-p " + proto + " -m " + proto + " --dport " + p.port();

        Map<String, List<String>> chains = new LinkedHashMap<>();
        if (needSvc) {
            chains.put(svc, endpointRules(p, proto, usable, svc.equals(internalTarget)));
        }
        if (needSvl) {
            chains.put(svl, endpointRules(p, proto, local, svl.equals(internalTarget)));
        }
        if (external && !usable.isEmpty()) {
            chains.put(ext, externalRules(p, svc, needSvl ? svl : null));
        }

        List<String> natServices = new ArrayList<>();
        List<String> filterServices = new ArrayList<>();
        for (String ip : p.clusterIps()) {
            if (internalTarget != null) {
                natServices.add(dispatch(ip, proto, p, "cluster IP", internalTarget));
            } else {
                filterServices.add(refuse(ip, proto, p, usable.isEmpty() ? "has no endpoints" : "has no local endpoints"));
            }
        }
        List<String> filterExternal = new ArrayList<>();
        List<String> externalAddresses = new ArrayList<>(p.externalIps());
        externalAddresses.addAll(p.loadBalancerIps());
        String unreachable = usable.isEmpty() ? null
                : p.externalLocal() && local.isEmpty() ? "has no local endpoints" : "";
        for (String ip : externalAddresses) {
            String kind = p.externalIps().contains(ip) ? "external IP" : "load balancer IP";
            if (!usable.isEmpty()) {
                natServices.add(dispatch(ip, proto, p, kind, ext));
            }
            if (unreachable == null) {
                filterExternal.add(refuse(ip, proto, p, "has no endpoints"));
            } else if (!unreachable.isEmpty()) {
                filterExternal.add("-d " + ip + "/32 -p " + proto + comment(p.displayName() + " " + unreachable)
                        + " -m " + proto + " --dport " + p.port() + " -j DROP");
            }
        }
        List<String> natNodePorts = new ArrayList<>();
        if (p.nodePort() > 0) {
            String nodePortMatch = "-p " + proto + comment(p.displayName()) + " -m " + proto + " --dport " + p.nodePort();
            if (!usable.isEmpty()) {
                natNodePorts.add(nodePortMatch + " -j " + ext);
            }
            if (unreachable == null) {
                filterExternal.add("-m addrtype --dst-type LOCAL " + nodePortMatch.replace(
                        comment(p.displayName()), comment(p.displayName() + " has no endpoints")) + reject(proto));
            } else if (!unreachable.isEmpty()) {
                filterExternal.add("-m addrtype --dst-type LOCAL " + nodePortMatch.replace(
                        comment(p.displayName()), comment(p.displayName() + " " + unreachable)) + " -j DROP");
            }
        }
        return new ServiceRules(chains, natServices, natNodePorts, filterServices, filterExternal);
    }

    /** Puts the ports' pieces and the fixed chains together, in the ports' order. */
    public RuleSet assemble(Collection<ServiceRules> ports) {
        Map<String, List<String>> nat = new LinkedHashMap<>();
        List<String> natServices = new ArrayList<>();
        List<String> natNodePorts = new ArrayList<>();
        List<String> filterServices = new ArrayList<>();
        List<String> filterExternal = new ArrayList<>();
        for (ServiceRules port : ports) {
            natServices.addAll(port.natServices());
            natNodePorts.addAll(port.natNodePorts());
            filterServices.addAll(port.filterServices());
            filterExternal.addAll(port.filterExternal());
        }
        if (loopbackNodePorts) {
            natServices.add(comment("timonel service nodeports; NOTE: this must be the last rule in this chain").strip()
                    + " -m addrtype --dst-type LOCAL -j " + ChainNames.NODEPORTS);
            // route_localnet lets packets to 127/8 in from outside too: only those sent to a node port may
            filterExternal.add(0, "! -s 127.0.0.0/8 -d 127.0.0.0/8" + comment("block incoming localnet connections")
                    + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
        } else if (nodePortAddresses.isEmpty()) {
            natServices.add("! -d 127.0.0.0/8" + comment("timonel service nodeports; NOTE: this must be the last rule in this chain")
                    + " -m addrtype --dst-type LOCAL -j " + ChainNames.NODEPORTS);
        } else {
            for (String address : nodePortAddresses) {
                natServices.add("-d " + (address.contains("/") ? address : address + "/32")
                        + comment("timonel service nodeports") + " -j " + ChainNames.NODEPORTS);
            }
        }
        nat.put(ChainNames.SERVICES, natServices);
        nat.put(ChainNames.NODEPORTS, natNodePorts);
        nat.put(ChainNames.MARK_MASQ, List.of("-j MARK --set-xmark " + MASQ_MARK + "/" + MASQ_MARK));
        List<String> postrouting = new ArrayList<>();
        if (clusterCidr != null) {
            postrouting.add("-s " + clusterCidr + " ! -d " + clusterCidr + comment("pod traffic leaving the cluster")
                    + " -j MASQUERADE");
        }
        postrouting.add("-m mark ! --mark " + MASQ_MARK + "/" + MASQ_MARK + " -j RETURN");
        postrouting.add("-j MARK --set-xmark " + MASQ_MARK + "/0x0");
        postrouting.add(comment("timonel service traffic requiring SNAT").strip() + " -j MASQUERADE");
        nat.put(ChainNames.POSTROUTING, postrouting);
        for (ServiceRules port : ports) {
            nat.putAll(port.natChains());
        }
        Map<String, List<String>> filter = new LinkedHashMap<>();
        filter.put(ChainNames.SERVICES, filterServices);
        filter.put(ChainNames.EXTERNAL, filterExternal);
        filter.put(ChainNames.FORWARD, List.of(
                "-m mark --mark " + MASQ_MARK + "/" + MASQ_MARK + comment("timonel forwarding rules") + " -j ACCEPT",
                "-m conntrack --ctstate RELATED,ESTABLISHED" + comment("timonel forwarding conntrack rule") + " -j ACCEPT",
                "-m conntrack --ctstate DNAT" + comment("timonel service traffic") + " -j ACCEPT"));
        return new RuleSet(nat, filter);
    }

    private List<String> endpointRules(ServicePort p, String proto, List<Endpoint> endpoints, boolean clusterIpEntry) {
        List<String> rules = new ArrayList<>(endpoints.size() * 2 + 2);
        if (clusterIpEntry && clusterCidr != null) {
            for (String ip : p.clusterIps()) {
                rules.add("! -s " + clusterCidr + " -d " + ip + "/32 -p " + proto + comment(p.displayName() + " cluster IP")
                        + " -m " + proto + " --dport " + p.port() + " -j " + ChainNames.MARK_MASQ);
            }
        }
        for (Endpoint e : endpoints) {
            if (e.local()) {
                // hairpin: a pod reaching itself through the service must see the reply come back through NAT
                rules.add("-s " + e.ip() + "/32 -j " + ChainNames.MARK_MASQ);
            }
        }
        int affinity = p.affinitySeconds();
        if (affinity > 0) {
            for (Endpoint e : endpoints) {
                rules.add("-p " + proto + " -m recent --rcheck --seconds " + affinity + " --reap --name "
                        + ChainNames.affinity(p, e) + " --mask 255.255.255.255 --rsource -j DNAT --to-destination "
                        + e.destination());
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            Endpoint e = endpoints.get(i);
            StringBuilder rule = new StringBuilder(96).append("-p ").append(proto);
            if (i < n - 1) {
                rule.append(" -m statistic --mode random --probability ").append(probability(n - i));
            }
            if (affinity > 0) {
                rule.append(" -m recent --set --name ").append(ChainNames.affinity(p, e))
                        .append(" --mask 255.255.255.255 --rsource");
            }
            rules.add(rule.append(" -j DNAT --to-destination ").append(e.destination()).toString());
        }
        return rules;
    }

    private List<String> externalRules(ServicePort p, String svc, String svlOrNull) {
        if (!p.externalLocal()) {
            return List.of("-j " + ChainNames.MARK_MASQ, "-j " + svc);
        }
        List<String> rules = new ArrayList<>(5);
        if (clusterCidr != null) {
            rules.add("-s " + clusterCidr + comment("pod traffic for " + p.displayName() + " external destinations")
                    + " -j " + svc);
        }
        rules.add(comment("masquerade LOCAL traffic for " + p.displayName() + " external destinations").strip()
                + " -m addrtype --src-type LOCAL -j " + ChainNames.MARK_MASQ);
        rules.add(comment("route LOCAL traffic for " + p.displayName() + " external destinations").strip()
                + " -m addrtype --src-type LOCAL -j " + svc);
        if (svlOrNull != null) {
            rules.add("-j " + svlOrNull);
        }
        return rules;
    }

    private static String dispatch(String ip, String proto, ServicePort p, String kind, String target) {
        return "-d " + ip + "/32 -p " + proto + comment(p.displayName() + " " + kind) + " -m " + proto
                + " --dport " + p.port() + " -j " + target;
    }

    private static String refuse(String ip, String proto, ServicePort p, String why) {
        return "-d " + ip + "/32 -p " + proto + comment(p.displayName() + " " + why) + " -m " + proto
                + " --dport " + p.port() + reject(proto);
    }

    private static String reject(String proto) {
        return proto.equals("tcp") ? " -j REJECT --reject-with tcp-reset" : " -j REJECT --reject-with icmp-port-unreachable";
    }

    private static String comment(String text) {
        return " -m comment --comment \"" + text + "\"";
    }

    private static final String[] PROBABILITIES = new String[64];

    /** 1/n with ten decimals, as {@code statistic} takes it. */
    static String probability(int n) {
        if (n < PROBABILITIES.length) {
            String cached = PROBABILITIES[n];
            if (cached == null) {
                cached = String.format(Locale.ROOT, "%.10f", 1.0 / n);
                PROBABILITIES[n] = cached;
            }
            return cached;
        }
        return String.format(Locale.ROOT, "%.10f", 1.0 / n);
    }
}
