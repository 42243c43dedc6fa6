package io.timonel.plugins.netiptables.proxy;

import java.util.List;

/**
 * One port of one Service with its endpoints: the unit the proxy programs, one chain or a few per
 * instance. Two equal instances produce the same rules, which is what makes syncs incremental.
 *
 * @param namespace        the Service's namespace
 * @param name             the Service's name
 * @param portName         the port's name ({@code ""} when unnamed)
 * @param protocol         {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port             the Service port
 * @param clusterIps       the IPv4 cluster IPs (empty for a headless Service)
 * @param nodePort         the node port, 0 when none
 * @param externalIps      {@code spec.externalIPs} (IPv4)
 * @param loadBalancerIps  the IPv4 addresses of {@code status.loadBalancer.ingress} (VIP mode)
 * @param affinitySeconds  for sessionAffinity ClientIP its timeout, else 0
 * @param internalLocal    internalTrafficPolicy Local: cluster IP traffic goes to this node's endpoints only
 * @param externalLocal    externalTrafficPolicy Local: external traffic goes to this node's endpoints, keeping its source
 * @param endpoints        the endpoints, in a stable order
 */
public record ServicePort(String namespace, String name, String portName, String protocol, int port,
                          List<String> clusterIps, int nodePort, List<String> externalIps,
                          List<String> loadBalancerIps, int affinitySeconds, boolean internalLocal,
                          boolean externalLocal, List<Endpoint> endpoints) {

    public ServicePort {
        clusterIps = List.copyOf(clusterIps);
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        endpoints = List.copyOf(endpoints);
    }

    /** {@code namespace/name:portName/PROTOCOL}: what the chain names are derived from. */
    public String key() {
        return namespace + "/" + name + ":" + portName + "/" + protocol;
    }

    /** {@code namespace/name:portName}, as rule comments show it. */
    public String displayName() {
        return portName.isEmpty() ? namespace + "/" + name : namespace + "/" + name + ":" + portName;
    }

    /** Whether traffic reaches it from outside through a node port, an external IP or a load balancer. */
    public boolean external() {
        return nodePort > 0 || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }

    /**
     * The endpoints traffic may go to: the ready ones; when there is none, those still serving
     * while terminating (so that a rolling update never leaves a gap).
     */
    public List<Endpoint> usable() {
        List<Endpoint> ready = endpoints.stream().filter(e -> e.ready() && !e.terminating()).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream().filter(e -> e.serving() && e.terminating()).toList();
    }

    /** A copy with other endpoints. */
    public ServicePort withEndpoints(List<Endpoint> replacement) {
        return new ServicePort(namespace, name, portName, protocol, port, clusterIps, nodePort, externalIps,
                loadBalancerIps, affinitySeconds, internalLocal, externalLocal, replacement);
    }
}
