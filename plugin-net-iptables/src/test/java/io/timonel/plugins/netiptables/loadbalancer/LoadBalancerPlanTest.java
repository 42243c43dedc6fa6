package io.timonel.plugins.netiptables.loadbalancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadBalancerPlanTest {
    private final AddressPool pool = AddressPool.parse("10.43.0.0/30, 10.43.1.10-10.43.1.11");

    static Service lb(String name, String created, String wantedIp, String... current) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withCreationTimestamp(created).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerIP(wantedIp)
                .addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec();
        if (current.length > 0) {
            b.withNewStatus().withNewLoadBalancer().withIngress(java.util.Arrays.stream(current)
                    .map(ip -> ingress(ip)).toList()).endLoadBalancer().endStatus();
        }
        return b.build();
    }

    static LoadBalancerIngress ingress(String ip) {
        return new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").addNewPort().withPort(80)
                .withProtocol("TCP").endPort().build();
    }

    private static List<String> ips(List<LoadBalancerIngress> ingress) {
        return ingress.stream().map(LoadBalancerIngress::getIp).toList();
    }

    @Test
    void poolCidrsLeaveOutNetworkAndBroadcastAndRangesAreInclusive() {
        assertTrue(pool.contains("10.43.0.1") && pool.contains("10.43.0.2"));
        assertFalse(pool.contains("10.43.0.0") || pool.contains("10.43.0.3"));
        assertTrue(pool.contains("10.43.1.11"));
        assertEquals("10.43.1.10", pool.firstFree(Set.of("10.43.0.1", "10.43.0.2")).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parse("10.43.0.0/40"));
    }

    @Test
    void newServicesGetTheLowestFreeAddressesOldestFirst() {
        Map<String, List<LoadBalancerIngress>> changes = LoadBalancerPlan.changes(List.of(
                lb("b", "2026-01-02T00:00:00Z", null), lb("a", "2026-01-01T00:00:00Z", null)), List.of(), pool);
        assertEquals(List.of("10.43.0.1"), ips(changes.get("default/a")));
        assertEquals(List.of("10.43.0.2"), ips(changes.get("default/b")));
        LoadBalancerIngress first = changes.get("default/a").get(0);
        assertEquals("VIP", first.getIpMode());
        assertEquals(80, first.getPorts().get(0).getPort());
    }

    @Test
    void anAssignedAddressIsKeptAndNotGivenToAnother() {
        Map<String, List<LoadBalancerIngress>> changes = LoadBalancerPlan.changes(List.of(
                lb("a", "2026-01-01T00:00:00Z", null), lb("b", "2026-01-02T00:00:00Z", null, "10.43.0.1")),
                List.of(), pool);
        assertFalse(changes.containsKey("default/b"), "b keeps its address: " + changes);
        assertEquals(List.of("10.43.0.2"), ips(changes.get("default/a")));
    }

    @Test
    void theRequestedLoadBalancerIpIsHonouredWhenInThePoolAndFree() {
        Map<String, List<LoadBalancerIngress>> changes = LoadBalancerPlan.changes(List.of(
                lb("a", "2026-01-01T00:00:00Z", "10.43.1.11"), lb("b", "2026-01-02T00:00:00Z", "192.0.2.1")),
                List.of(), pool);
        assertEquals(List.of("10.43.1.11"), ips(changes.get("default/a")));
        assertFalse(changes.containsKey("default/b"), "an address outside the pool is never given");
    }

    @Test
    void withoutAPoolServicesGetTheReadyNodesInternalIps() {
        Node ready = node("n1", "192.168.1.20", "True");
        Node notReady = node("n2", "192.168.1.21", "False");
        Node other = node("n3", "192.168.1.3", "True");
        Map<String, List<LoadBalancerIngress>> changes = LoadBalancerPlan.changes(
                List.of(lb("a", "2026-01-01T00:00:00Z", null)), List.of(ready, notReady, other), null);
        assertEquals(List.of("192.168.1.3", "192.168.1.20"), ips(changes.get("default/a")));
    }

    @Test
    void aServiceThatIsNoLongerALoadBalancerHasItsIngressCleared() {
        Service was = lb("a", "2026-01-01T00:00:00Z", null, "10.43.0.1");
        was.getSpec().setType("ClusterIP");
        assertEquals(Map.of("default/a", List.of()), LoadBalancerPlan.changes(List.of(was), List.of(), pool));
    }

    @Test
    void servicesOfAnotherLoadBalancerClassAreLeftAlone() {
        Service other = lb("a", "2026-01-01T00:00:00Z", null);
        other.getSpec().setLoadBalancerClass("example.com/metal");
        assertTrue(LoadBalancerPlan.changes(List.of(other), List.of(), pool).isEmpty());
    }

    private static Node node(String name, String ip, String ready) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus().build();
    }
}
