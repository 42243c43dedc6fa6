package io.timonel.plugins.ingress.status;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressPortStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an Ingress's {@code status.loadBalancer.ingress} says about where this controller listens:
 * one entry per address — an {@code ip} when it is an IP literal, else a {@code hostname} — with
 * the listening {@code ports} when they are not the standard 80 and 443 (so clients find a proxy
 * on other ports, e.g. in tests).
 */
public final class LoadBalancerAddresses {
    private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$");

    private LoadBalancerAddresses() {
    }

    /**
     * The entries for {@code addresses} and the bound ports ({@code httpsPort} negative: no HTTPS).
     */
    public static List<IngressLoadBalancerIngress> of(List<String> addresses, int httpPort, int httpsPort) {
        List<IngressPortStatus> ports = new ArrayList<>();
        if (httpPort != 80 || (httpsPort >= 0 && httpsPort != 443)) {
            ports.add(new IngressPortStatus(null, httpPort, "TCP"));
            if (httpsPort >= 0) {
                ports.add(new IngressPortStatus(null, httpsPort, "TCP"));
            }
        }
        List<IngressLoadBalancerIngress> out = new ArrayList<>();
        for (String address : addresses) {
            boolean ip = IP.matcher(address).matches();
            out.add(new IngressLoadBalancerIngress(ip ? null : address, ip ? address : null,
                    ports.isEmpty() ? null : List.copyOf(ports)));
        }
        return out;
    }

    /**
     * The InternalIP addresses of the nodes among {@code nodes} that have one of {@code local}
     * (this machine's interface addresses) as an InternalIP: how a controller finds its own node
     * when none is named.
     */
    public static List<String> localInternalIps(List<Node> nodes, java.util.Set<String> local) {
        List<String> out = new ArrayList<>();
        for (Node node : nodes) {
            List<String> ips = internalIps(node);
            if (ips.stream().anyMatch(local::contains)) {
                ips.stream().filter(ip -> !out.contains(ip)).forEach(out::add);
            }
        }
        return out;
    }

    /** The InternalIP addresses of {@code node}; empty when it has none (or is null). */
    public static List<String> internalIps(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return List.of();
        }
        return node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress).toList();
    }
}
