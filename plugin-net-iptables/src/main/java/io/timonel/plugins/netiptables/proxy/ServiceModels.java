package io.timonel.plugins.netiptables.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * From Services and their EndpointSlices (IPv4) to the {@link ServicePort}s the proxy programs, as
 * seen from one node. Pure: the same objects give the same ports, in a stable order.
 */
public final class ServiceModels {
    /** The label that ties an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** sessionAffinityConfig.clientIP.timeoutSeconds when unset (3 hours, as Kubernetes). */
    public static final int DEFAULT_AFFINITY_SECONDS = 10800;

    private ServiceModels() {
    }

    /**
     * The ports of every Service that needs proxying (not ExternalName, with a cluster IP or an
     * external address), sorted by key.
     *
     * @param services every Service
     * @param slices   every EndpointSlice
     * @param nodeName this node, for endpoints' locality
     */
    public static List<ServicePort> ports(Collection<Service> services, Collection<EndpointSlice> slices,
                                          String nodeName) {
        Map<String, List<EndpointSlice>> byService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null && "IPv4".equals(slice.getAddressType())) {
                byService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>())
                        .add(slice);
            }
        }
        List<ServicePort> ports = new ArrayList<>();
        for (Service service : services) {
            String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            ports.addAll(ports(service, byService.getOrDefault(key, List.of()), nodeName));
        }
        ports.sort(Comparator.comparing(ServicePort::key));
        return ports;
    }

    /** The ports of one Service, given its slices. */
    public static List<ServicePort> ports(Service service, List<EndpointSlice> slices, String nodeName) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || spec.getPorts() == null || "ExternalName".equals(spec.getType())) {
            return List.of();
        }
        List<String> clusterIps = clusterIps(spec);
        List<String> externalIps = ipv4(spec.getExternalIPs());
        boolean nodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        List<String> lbIps = "LoadBalancer".equals(spec.getType()) ? loadBalancerIps(service) : List.of();
        if (clusterIps.isEmpty() && externalIps.isEmpty() && lbIps.isEmpty()) {
            return List.of();
        }
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            Integer timeout = spec.getSessionAffinityConfig() == null || spec.getSessionAffinityConfig().getClientIP() == null
                    ? null : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            affinity = timeout == null || timeout <= 0 ? DEFAULT_AFFINITY_SECONDS : timeout;
        }
        boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
        boolean externalLocal = "Local".equals(spec.getExternalTrafficPolicy());
        List<ServicePort> out = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.ServicePort sp : spec.getPorts()) {
            String portName = sp.getName() == null ? "" : sp.getName();
            String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
            int nodePort = nodePorts && sp.getNodePort() != null ? sp.getNodePort() : 0;
            out.add(new ServicePort(service.getMetadata().getNamespace(), service.getMetadata().getName(), portName,
                    protocol, sp.getPort(), clusterIps, nodePort, externalIps, lbIps, affinity, internalLocal,
                    externalLocal, endpoints(slices, portName, protocol, nodeName)));
        }
        return out;
    }

    /** What a health check node port tells: the Service and how many of its endpoints are on this node. */
    public record LocalEndpoints(String namespace, String name, int count) {
    }

    /**
     * The health check node ports to serve: one per LoadBalancer Service with
     * externalTrafficPolicy Local, counting its ready endpoints on this node (as {@code ports} marks
     * them), so that an external load balancer sends traffic only to nodes that have some.
     */
    public static Map<Integer, LocalEndpoints> healthChecks(Collection<Service> services, List<ServicePort> ports) {
        Map<String, java.util.Set<String>> local = new HashMap<>();
        for (ServicePort p : ports) {
            java.util.Set<String> ips = local.computeIfAbsent(p.namespace() + "/" + p.name(), k -> new java.util.HashSet<>());
            p.endpoints().stream().filter(e -> e.local() && e.ready() && !e.terminating()).forEach(e -> ips.add(e.ip()));
        }
        Map<Integer, LocalEndpoints> checks = new java.util.TreeMap<>();
        for (Service service : services) {
            ServiceSpec spec = service.getSpec();
            if (spec == null || !"LoadBalancer".equals(spec.getType()) || !"Local".equals(spec.getExternalTrafficPolicy())
                    || spec.getHealthCheckNodePort() == null || spec.getHealthCheckNodePort() <= 0) {
                continue;
            }
            String ns = service.getMetadata().getNamespace();
            String name = service.getMetadata().getName();
            checks.put(spec.getHealthCheckNodePort(), new LocalEndpoints(ns, name,
                    local.getOrDefault(ns + "/" + name, java.util.Set.of()).size()));
        }
        return checks;
    }

    private static List<Endpoint> endpoints(List<EndpointSlice> slices, String portName, String protocol, String nodeName) {
        Map<String, Endpoint> unique = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if (slice.getPorts() == null || slice.getEndpoints() == null) {
                continue;
            }
            for (EndpointPort port : slice.getPorts()) {
                String name = port.getName() == null ? "" : port.getName();
                String proto = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (!name.equals(portName) || !proto.equals(protocol) || port.getPort() == null) {
                    continue;
                }
                for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint e : slice.getEndpoints()) {
                    if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                        continue;
                    }
                    String ip = e.getAddresses().get(0);
                    EndpointConditions c = e.getConditions();
                    boolean ready = c == null || c.getReady() == null || c.getReady();
                    boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
                    boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                    // an endpoint without a node might be anywhere: treat it as local so that hairpin still works
                    boolean local = e.getNodeName() == null || Objects.equals(e.getNodeName(), nodeName);
                    unique.putIfAbsent(ip + ":" + port.getPort(),
                            new Endpoint(ip, port.getPort(), ready, serving, terminating, local));
                }
            }
        }
        List<Endpoint> endpoints = new ArrayList<>(unique.values());
        endpoints.sort(Comparator.comparing(Endpoint::ip).thenComparingInt(Endpoint::port));
        return endpoints;
    }

    private static List<String> clusterIps(ServiceSpec spec) {
        List<String> ips = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty() ? spec.getClusterIPs()
                : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
        return ipv4(ips);
    }

    private static List<String> loadBalancerIps(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            // ipMode Proxy: the load balancer delivers to the nodes itself, the address must not be short-circuited
            if (ingress.getIp() != null && !"Proxy".equals(ingress.getIpMode())) {
                ips.add(ingress.getIp());
            }
        }
        return ipv4(ips);
    }

    private static List<String> ipv4(List<String> ips) {
        if (ips == null) {
            return List.of();
        }
        return ips.stream().filter(ip -> ip != null && !ip.equals("None") && isIpv4(ip)).distinct().toList();
    }

    static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
