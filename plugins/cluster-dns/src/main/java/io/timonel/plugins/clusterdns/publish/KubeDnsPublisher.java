package io.timonel.plugins.clusterdns.publish;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * Makes this node's DNS server reachable as the cluster DNS Service: ensures the selector-less
 * Service {@code kube-system/kube-dns} at the configured cluster IP (ports {@code dns} 53/UDP and
 * {@code dns-tcp} 53/TCP) and this node's own EndpointSlice {@code kube-dns-<node>} pointing at
 * the server's address and actual port; {@link #withdraw()} removes the slice. Every node publishes
 * its own slice, so the Service balances across all of them.
 */
public final class KubeDnsPublisher {
    public static final String NAMESPACE = "kube-system";
    public static final String SERVICE = "kube-dns";
    public static final String MANAGED_BY = "cluster-dns.timonel.io";
    private static final int HTTP_CONFLICT = 409;
    private static final int HTTP_NOT_FOUND = 404;

    private final KubernetesClient client;
    private final String nodeName;

    public KubeDnsPublisher(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** The name of this node's slice. */
    public String sliceName() {
        return SERVICE + "-" + nodeName.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Creates the Service when it is missing (one made by another node or an administrator is
     * left as it is) and creates or replaces this node's slice.
     *
     * @param clusterIp the Service's cluster IP
     * @param address   where this node's server listens
     * @param port      its port (UDP and TCP)
     */
    public void publish(String clusterIp, InetAddress address, int port) {
        Service service = new ServiceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE)
                    .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true"))
                .endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp)
                    .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withTargetPort(new IntOrString("dns")).endPort()
                    .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withTargetPort(new IntOrString("dns-tcp")).endPort()
                .endSpec().build();
        if (client.services().inNamespace(NAMESPACE).withName(SERVICE).get() == null) {
            try {
                client.services().inNamespace(NAMESPACE).resource(service).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(sliceName())
                    .withLabels(Map.of("kubernetes.io/service-name", SERVICE,
                            "endpointslice.kubernetes.io/managed-by", MANAGED_BY))
                .endMetadata()
                .withAddressType(address instanceof Inet6Address ? "IPv6" : "IPv4")
                .addNewEndpoint().withAddresses(address.getHostAddress()).withNodeName(nodeName)
                    .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .endEndpoint()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(port).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(port).endPort()
                .build();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).createOrReplace();
    }

    /** Removes this node's slice; a missing one is fine. */
    public void withdraw() {
        try {
            client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(sliceName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
