package io.timonel.plugins.netiptables.netpol;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns NetworkPolicies into filter-table chains for the pods of one node: a pure function of
 * {@link PolicyInputs}, so the whole of the Kubernetes semantics is tested without iptables.
 *
 * <p>Layout. While some policy isolates a pod of this node, {@code TIMONEL-NETPOL} (jumped to from FORWARD and OUTPUT) first lets replies
 * through (conntrack ESTABLISHED,RELATED) and, unless configured otherwise, traffic the node itself
 * sends (the node may always reach its pods); then it sends the packets from each egress-isolated
 * local pod to that pod's {@code TIMONEL-NP-OUT-<hash>} chain and the packets to each
 * ingress-isolated local pod to its {@code TIMONEL-NP-IN-<hash>} chain. A pod chain holds one
 * {@code RETURN} rule per (policy rule, peer address, port) that some policy selecting the pod
 * allows — the union of the policies — and ends with the deny action. Allowed traffic is
 * RETURNed, never ACCEPTed: NetworkPolicy only takes away, and whatever else the node decides
 * about forwarding (the pod network's rules, Docker's) still applies after this chain.
 *
 * <p>Rules sit in per-pod chains rather than per-policy chains because named ports resolve per
 * destination pod anyway, and because a RETURN from a shared chain could not tell the pod chain
 * that the packet was allowed without a packet mark. Peers are plain {@code -s}/{@code -d}
 * addresses: an ipBlock's {@code except} is subtracted arithmetically ({@link Cidrs}). Only IPv4
 * is enforced (iptables, not ip6tables); IPv6 ipBlocks and pod addresses are ignored.
 */
final class PolicyCompiler {
    private static final String INGRESS = "Ingress";
    private static final String EGRESS = "Egress";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final Comparator<Pod> BY_NAME = Comparator
            .comparing((Pod p) -> p.getMetadata().getNamespace())
            .thenComparing(p -> p.getMetadata().getName());

    private final DenyAction deny;
    private final boolean allowNodeTraffic;

    /**
     * @param deny             what ends a pod chain
     * @param allowNodeTraffic whether traffic the node itself sends to its pods bypasses ingress policy
     *                         (Kubernetes: traffic from the pod's node is always allowed)
     */
    PolicyCompiler(DenyAction deny, boolean allowNodeTraffic) {
        this.deny = Objects.requireNonNull(deny);
        this.allowNodeTraffic = allowNodeTraffic;
    }

    /**
     * The chains for {@code inputs}: none at all while no policy isolates a pod of this node, so a
     * node without policies carries no rules and no jumps.
     */
    RuleSet compile(PolicyInputs inputs) {
        Cluster cluster = new Cluster(inputs);
        List<String> root = new ArrayList<>();
        root.add(rule(ChainNames.ROOT, "-m conntrack --ctstate ESTABLISHED,RELATED", "replies", "-j RETURN"));
        if (allowNodeTraffic) {
            root.add(rule(ChainNames.ROOT, "-m addrtype --src-type LOCAL", "the node reaches its pods", "-j RETURN"));
        }
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put(ChainNames.ROOT, root);
        List<String> ingressJumps = new ArrayList<>();
        for (Pod pod : cluster.local(inputs.nodeName())) {
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            String ip = ipv4(pod).orElseThrow();
            List<NetworkPolicy> ingress = cluster.selecting(pod, INGRESS);
            List<NetworkPolicy> egress = cluster.selecting(pod, EGRESS);
            if (!egress.isEmpty()) {
                String chain = ChainNames.egress(ns, name);
                root.add(rule(ChainNames.ROOT, "-s " + ip + "/32", "egress of " + ns + "/" + name, "-j " + chain));
                chains.put(chain, egressChain(chain, pod, egress, cluster));
            }
            if (!ingress.isEmpty()) {
                String chain = ChainNames.ingress(ns, name);
                ingressJumps.add(rule(ChainNames.ROOT, "-d " + ip + "/32", "ingress of " + ns + "/" + name,
                        "-j " + chain));
                chains.put(chain, ingressChain(chain, pod, ingress, cluster));
            }
        }
        // egress first: a packet between two isolated local pods must pass the sender's egress and
        // then the receiver's ingress, and a pod chain RETURNs here when it allows
        root.addAll(ingressJumps);
        return chains.size() == 1 ? RuleSet.EMPTY : new RuleSet(chains);
    }

    private List<String> ingressChain(String chain, Pod pod, List<NetworkPolicy> policies, Cluster cluster) {
        Set<String> rules = new LinkedHashSet<>();
        // a pod cannot block access to itself (hairpin through a Service comes back over the bridge)
        rules.add(rule(chain, "-s " + ipv4(pod).orElseThrow() + "/32", "a pod reaches itself", "-j RETURN"));
        for (NetworkPolicy policy : policies) {
            String comment = policyName(policy) + " ingress";
            for (NetworkPolicyIngressRule r : list(policy.getSpec().getIngress())) {
                List<String> ports = portMatches(r.getPorts(), pod);
                if (ports.isEmpty()) {
                    continue; // only named ports this pod does not have: the rule allows nothing here
                }
                for (String source : peerAddresses(r.getFrom(), policy, cluster)) {
                    for (String port : ports) {
                        rules.add(rule(chain, join(source.isEmpty() ? "" : "-s " + source, port), comment, "-j RETURN"));
                    }
                }
            }
        }
        rules.add(rule(chain, "", "deny ingress of " + podName(pod), deny.target()));
        return List.copyOf(rules);
    }

    private List<String> egressChain(String chain, Pod pod, List<NetworkPolicy> policies, Cluster cluster) {
        Set<String> rules = new LinkedHashSet<>();
        rules.add(rule(chain, "-d " + ipv4(pod).orElseThrow() + "/32", "a pod reaches itself", "-j RETURN"));
        for (NetworkPolicy policy : policies) {
            String comment = policyName(policy) + " egress";
            for (NetworkPolicyEgressRule r : list(policy.getSpec().getEgress())) {
                List<NetworkPolicyPort> ports = list(r.getPorts());
                boolean named = ports.stream().anyMatch(p -> p.getPort() != null && p.getPort().getStrVal() != null);
                List<NetworkPolicyPort> numbered = ports.stream()
                        .filter(p -> p.getPort() == null || p.getPort().getStrVal() == null).toList();
                List<String> destinations = peerAddresses(r.getTo(), policy, cluster);
                // numbered ports (or none at all) match any destination address the rule names
                List<String> numberedMatches = ports.isEmpty() ? List.of("")
                        : numbered.isEmpty() ? List.of() : portMatches(numbered, null);
                for (String destination : destinations) {
                    for (String port : numberedMatches) {
                        rules.add(rule(chain, join(destination.isEmpty() ? "" : "-d " + destination, port), comment,
                                "-j RETURN"));
                    }
                }
                if (named) {
                    // a named port means the port of that name on the destination pod: resolved per
                    // pod among the pods whose addresses the rule's peers cover
                    List<NetworkPolicyPort> byName = ports.stream()
                            .filter(p -> p.getPort() != null && p.getPort().getStrVal() != null).toList();
                    for (Pod target : cluster.podsWithin(destinations)) {
                        for (String port : portMatches(byName, target)) {
                            rules.add(rule(chain, join("-d " + ipv4(target).orElseThrow() + "/32", port), comment,
                                    "-j RETURN"));
                        }
                    }
                }
            }
        }
        rules.add(rule(chain, "", "deny egress of " + podName(pod), deny.target()));
        return List.copyOf(rules);
    }

    /**
     * The addresses {@code peers} stand for, each a CIDR; a single empty string for "everywhere"
     * (no peers listed). Pod peers become their /32s.
     */
    private static List<String> peerAddresses(List<NetworkPolicyPeer> peers, NetworkPolicy policy, Cluster cluster) {
        if (peers == null || peers.isEmpty()) {
            return List.of("");
        }
        Set<String> out = new LinkedHashSet<>();
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                out.addAll(ipBlock(peer.getIpBlock()));
            } else if (peer.getPodSelector() != null || peer.getNamespaceSelector() != null) {
                for (Pod p : cluster.peers(peer, policy.getMetadata().getNamespace())) {
                    out.add(ipv4(p).orElseThrow() + "/32");
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> ipBlock(IPBlock block) {
        Optional<Cidrs.Prefix> cidr = Cidrs.parse(block.getCidr());
        if (cidr.isEmpty()) {
            return List.of(); // IPv6 or malformed: not enforced by iptables
        }
        List<Cidrs.Prefix> except = list(block.getExcept()).stream().map(Cidrs::parse)
                .flatMap(Optional::stream).toList();
        return Cidrs.subtract(cidr.get(), except).stream().map(Cidrs.Prefix::toString).toList();
    }

    /**
     * The port matches for {@code ports} at destination pod {@code target} (null: no pod, named
     * ports are skipped). No ports listed means all ports: one empty match.
     */
    private static List<String> portMatches(List<NetworkPolicyPort> ports, Pod target) {
        if (ports == null || ports.isEmpty()) {
            return List.of("");
        }
        Set<String> out = new LinkedHashSet<>();
        for (NetworkPolicyPort port : ports) {
            String protocol = (port.getProtocol() == null ? "TCP" : port.getProtocol()).toLowerCase(Locale.ROOT);
            String match = "-p " + protocol + " -m " + protocol;
            IntOrString value = port.getPort();
            if (value == null) {
                out.add("-p " + protocol);
            } else if (value.getStrVal() == null) {
                int from = value.getIntVal();
                Integer to = port.getEndPort();
                out.add(match + " --dport " + (to != null && to > from ? from + ":" + to : Integer.toString(from)));
            } else if (target != null) {
                namedPort(target, value.getStrVal(), protocol).ifPresent(n -> out.add(match + " --dport " + n));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Integer> namedPort(Pod pod, String name, String protocol) {
        return Stream.concat(list(pod.getSpec().getContainers()).stream(),
                        list(pod.getSpec().getInitContainers()).stream())
                .map(Container::getPorts).flatMap(p -> list(p).stream())
                .filter(p -> name.equals(p.getName()))
                .filter(p -> protocol.equalsIgnoreCase(p.getProtocol() == null ? "TCP" : p.getProtocol()))
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).findFirst();
    }

    private static String rule(String chain, String match, String comment, String target) {
        // iptables keeps 256 bytes of a comment; names are DNS labels and subdomains, so no quotes to escape
        String kept = comment.length() > 200 ? comment.substring(0, 200) : comment;
        return join("-A " + chain, match, "-m comment --comment \"" + kept + "\"", target);
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(part);
            }
        }
        return b.toString();
    }

    private static String policyName(NetworkPolicy policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }

    private static String podName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The pod's IPv4 address: status.podIPs first, then status.podIP. */
    static Optional<String> ipv4(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        list(pod.getStatus().getPodIPs()).stream().map(PodIP::getIp).forEach(candidates::add);
        candidates.add(pod.getStatus().getPodIP());
        return candidates.stream().filter(ip -> Cidrs.address(ip).isPresent()).findFirst();
    }

    private static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }

    /** The cluster as the rules see it: pods that have an address, namespaces by name. */
    private static final class Cluster {
        private final List<Pod> pods;
        private final List<NetworkPolicy> policies;
        private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

        Cluster(PolicyInputs inputs) {
            this.pods = inputs.pods().stream()
                    .filter(p -> p.getMetadata() != null && p.getSpec() != null)
                    .filter(p -> !Boolean.TRUE.equals(p.getSpec().getHostNetwork()))
                    .filter(p -> p.getStatus() == null || !Set.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
                    .filter(p -> ipv4(p).isPresent())
                    .sorted(BY_NAME).toList();
            this.policies = inputs.policies().stream()
                    .filter(p -> p.getMetadata() != null && p.getSpec() != null)
                    .sorted(Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
                            .thenComparing(p -> p.getMetadata().getName()))
                    .toList();
            for (Namespace ns : inputs.namespaces()) {
                namespaceLabels.put(ns.getMetadata().getName(),
                        ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels());
            }
        }

        List<Pod> local(String node) {
            return pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
        }

        /** The policies of {@code type} whose podSelector selects {@code pod}, by name. */
        List<NetworkPolicy> selecting(Pod pod, String type) {
            return policies.stream()
                    .filter(p -> p.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()))
                    .filter(p -> types(p).contains(type))
                    .filter(p -> LabelSelectors.matches(p.getSpec().getPodSelector(), pod.getMetadata().getLabels()))
                    .toList();
        }

        /** The pods a podSelector/namespaceSelector peer names, seen from a policy in {@code namespace}. */
        List<Pod> peers(NetworkPolicyPeer peer, String namespace) {
            return pods.stream()
                    .filter(p -> peer.getNamespaceSelector() == null
                            ? p.getMetadata().getNamespace().equals(namespace)
                            : LabelSelectors.matches(peer.getNamespaceSelector(), labelsOf(p.getMetadata().getNamespace())))
                    .filter(p -> LabelSelectors.matches(peer.getPodSelector(), p.getMetadata().getLabels()))
                    .toList();
        }

        /** The pods whose address falls in one of {@code cidrs} ("" is everywhere). */
        List<Pod> podsWithin(List<String> cidrs) {
            List<Cidrs.Prefix> prefixes = new ArrayList<>();
            for (String cidr : cidrs) {
                prefixes.add(cidr.isEmpty() ? new Cidrs.Prefix(0, 0) : Cidrs.parse(cidr).orElseThrow());
            }
            return pods.stream().filter(p -> {
                long address = Cidrs.address(ipv4(p).orElseThrow()).orElseThrow();
                return prefixes.stream().anyMatch(prefix -> prefix.contains(address));
            }).toList();
        }

        private Map<String, String> labelsOf(String namespace) {
            Map<String, String> labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
            // the API server sets it on every namespace; an informer that has not seen one yet still knows its name
            labels.putIfAbsent(NAMESPACE_NAME_LABEL, namespace);
            return labels;
        }

        /** policyTypes, or by default Ingress, plus Egress when the policy has egress rules. */
        private static List<String> types(NetworkPolicy policy) {
            List<String> declared = policy.getSpec().getPolicyTypes();
            if (declared != null && !declared.isEmpty()) {
                return declared;
            }
            return list(policy.getSpec().getEgress()).isEmpty() ? List.of(INGRESS) : List.of(INGRESS, EGRESS);
        }
    }
}
