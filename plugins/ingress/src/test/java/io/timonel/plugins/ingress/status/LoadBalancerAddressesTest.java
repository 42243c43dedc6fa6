package io.timonel.plugins.ingress.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressPortStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancerAddressesTest {

    @Test
    void onStandardPortsEachAddressIsListedWithoutPorts() {
        List<IngressLoadBalancerIngress> status = LoadBalancerAddresses.of(List.of("192.168.1.10", "fd00::1"), 80, 443);

        assertEquals(List.of(new IngressLoadBalancerIngress(null, "192.168.1.10", null),
                new IngressLoadBalancerIngress(null, "fd00::1", null)), status);
    }

    @Test
    void otherPortsAreListedHttpThenHttps() {
        List<IngressLoadBalancerIngress> status = LoadBalancerAddresses.of(List.of("10.0.0.1"), 8080, 8443);

        assertEquals(List.of(new IngressPortStatus(null, 8080, "TCP"), new IngressPortStatus(null, 8443, "TCP")),
                status.get(0).getPorts());
    }

    @Test
    void aNameIsAHostnameNotAnIp() {
        IngressLoadBalancerIngress entry = LoadBalancerAddresses.of(List.of("ingress.example.com"), 80, 443).get(0);

        assertEquals("ingress.example.com", entry.getHostname());
        assertNull(entry.getIp());
    }

    @Test
    void aNodeGivesItsInternalIps() {
        var node = new NodeBuilder().withNewStatus().addNewAddress().withType("Hostname").withAddress("n1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.1.2.3").endAddress().endStatus().build();

        assertEquals(List.of("10.1.2.3"), LoadBalancerAddresses.internalIps(node));
        assertEquals(List.of(), LoadBalancerAddresses.internalIps(null));
    }

    @Test
    void withoutANamedNodeTheNodesWithALocalInternalIpAreUsed() {
        var mine = new NodeBuilder().withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.5")
                .endAddress().endStatus().build();
        var other = new NodeBuilder().withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.6")
                .endAddress().endStatus().build();

        assertEquals(List.of("10.0.0.5"),
                LoadBalancerAddresses.localInternalIps(List.of(other, mine), java.util.Set.of("127.0.0.1", "10.0.0.5")));
    }
}
