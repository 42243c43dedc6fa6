package io.timonel.plugins.netiptables.loadbalancer;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PortStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which {@code status.loadBalancer.ingress} every Service should have: a pure function of the
 * Services, the Nodes and the pool. Services of type LoadBalancer whose loadBalancerClass is unset
 * or {@link #CLASS} are ours. With a pool, each keeps the pool address it has, or gets
 * {@code spec.loadBalancerIP} when that is in the pool and free, or the lowest free one (older
 * Services first; one address per Service, never shared); without a pool, every Ready node's
 * InternalIP. A Service that is no longer ours (type or class changed) has its ingress cleared.
 */
public final class LoadBalancerPlan {
    /** The loadBalancerClass this controller answers to (besides none). */
    public static final String CLASS = "timonel.io/service-lb";

    private LoadBalancerPlan() {
    }

    /**
     * The status changes to make, by {@code namespace/name}: only Services whose ingress differs
     * from what they have; an empty list means "clear it".
     *
     * @param pool the pool, null or empty for node addresses
     */
    public static Map<String, List<LoadBalancerIngress>> changes(Collection<Service> services, Collection<Node> nodes,
                                                                 AddressPool pool) {
        List<Service> ours = services.stream().filter(LoadBalancerPlan::ours)
                .sorted(Comparator.comparing((Service s) -> Objects.toString(s.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(LoadBalancerPlan::key))
                .toList();
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        if (pool == null || pool.isEmpty()) {
            List<String> nodeIps = readyInternalIps(nodes);
            ours.forEach(s -> addresses.put(key(s), nodeIps));
        } else {
            Set<String> taken = new HashSet<>();
            List<Service> waiting = new ArrayList<>();
            for (Service s : ours) {
                String current = current(s).stream().filter(pool::contains).findFirst().orElse(null);
                if (current != null && taken.add(current)) {
                    addresses.put(key(s), List.of(current));
                } else {
                    waiting.add(s);
                }
            }
            for (Service s : waiting) {
                String wanted = s.getSpec().getLoadBalancerIP();
                String ip = wanted != null && !wanted.isBlank() ? (pool.contains(wanted) && !taken.contains(wanted) ? wanted : null)
                        : pool.firstFree(taken).orElse(null);
                if (ip != null) {
                    taken.add(ip);
                    addresses.put(key(s), List.of(ip));
                } else {
                    addresses.put(key(s), List.of());
                }
            }
        }
        Map<String, List<LoadBalancerIngress>> changes = new LinkedHashMap<>();
        for (Service s : services) {
            if (isLoadBalancerOfAnotherClass(s)) {
                continue;
            }
            List<LoadBalancerIngress> now = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                    || s.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                    : s.getStatus().getLoadBalancer().getIngress();
            List<LoadBalancerIngress> desired = ours(s) ? ingress(s, addresses.get(key(s))) : List.of();
            if (!now.equals(desired)) {
                changes.put(key(s), desired);
            }
        }
        return changes;
    }

    /** Whether this controller serves the Service. */
    public static boolean ours(Service s) {
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())
                && (s.getSpec().getLoadBalancerClass() == null || CLASS.equals(s.getSpec().getLoadBalancerClass()));
    }

    private static boolean isLoadBalancerOfAnotherClass(Service s) {
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType()) && !ours(s);
    }

    static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    private static List<String> current(Service s) {
        if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return s.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
                .filter(Objects::nonNull).toList();
    }

    private static List<LoadBalancerIngress> ingress(Service s, List<String> ips) {
        List<PortStatus> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts().stream()
                .map(p -> new PortStatus(null, p.getPort(), p.getProtocol() == null ? "TCP" : p.getProtocol())).toList();
        return ips.stream().map(ip -> new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP")
                .withPorts(ports).build()).toList();
    }

    private static List<String> readyInternalIps(Collection<Node> nodes) {
        List<String> ips = new ArrayList<>();
        for (Node node : nodes) {
            boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream().anyMatch(
                            (NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!ready || node.getStatus().getAddresses() == null) {
                continue;
            }
            for (NodeAddress address : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(address.getType()) && address.getAddress() != null
                        && address.getAddress().contains(".")) {
                    ips.add(address.getAddress());
                }
            }
        }
        ips.sort(Comparator.comparingLong(AddressPool::toLong));
        return ips;
    }

    /** The status to write for {@code ingress}. */
    static LoadBalancerStatus status(List<LoadBalancerIngress> ingress) {
        return new LoadBalancerStatus(ingress.isEmpty() ? null : ingress);
    }
}
