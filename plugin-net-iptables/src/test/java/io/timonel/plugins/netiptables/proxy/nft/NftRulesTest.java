package io.timonel.plugins.netiptables.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.netiptables.proxy.ChainNames;
import io.timonel.plugins.netiptables.proxy.Endpoint;
import io.timonel.plugins.netiptables.proxy.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftRulesTest {
    private static final String CIDR = "10.42.0.0/16";
    private final NftRules rules = new NftRules(CIDR, List.of());
    private final EndpointSlots slots = new EndpointSlots();

    static final Endpoint A = Endpoint.ready("10.42.0.5", 8080, true);
    static final Endpoint B = Endpoint.ready("10.42.1.6", 8080, false);
    static final Endpoint C = Endpoint.ready("10.42.2.7", 8080, false);

    static ServicePort web(List<Endpoint> endpoints) {
        return new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0, List.of(), List.of(), 0,
                false, false, endpoints);
    }

    private NftServiceRules piece(ServicePort port) {
        return rules.forPort(port, slots::slot);
    }

    @Test
    void aClusterIpIsBalancedThroughTheClassMapOfItsEndpointCountWithoutAChain() {
        NftServiceRules piece = piece(web(List.of(A, B, C)));
        assertTrue(piece.chains().isEmpty(), "no chain: " + piece.chains());
        assertEquals(Map.of("10.96.0.20 . 80 . 0", "10.42.0.5 . 8080", "10.96.0.20 . 80 . 1", "10.42.1.6 . 8080",
                "10.96.0.20 . 80 . 2", "10.42.2.7 . 8080"), piece.elements("ep-tcp-3"));
        assertEquals(Map.of("10.96.0.20 . tcp . 80", ""), piece.elements(NftRules.CLUSTER_IPS),
                "marked for masquerading when reached from outside the cluster CIDR");
    }

    @Test
    void eachClassMapHasOneRuleThatPicksAnIndexUniformly() {
        assertEquals(List.of("meta l4proto udp dnat ip addr . port to ip daddr . udp dport . numgen random mod 3 map @ep-udp-3"),
                rules.classRules("ep-udp-3"));
        assertEquals(List.of("fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto tcp dnat ip addr . port to tcp dport"
                + " . numgen random mod 2 map @np-tcp-2"), rules.classRules("np-tcp-2"));
        assertEquals("add map ip timonel ep-sctp-12 { typeof ip daddr . sctp dport . numgen random mod 1 : ip daddr . sctp dport; }",
                NftRules.declareClass("ep-sctp-12"));
    }

    @Test
    void aServiceWithoutReadyEndpointsIsRejectedAtOnce() {
        NftServiceRules piece = piece(web(List.of(new Endpoint("10.42.0.5", 8080, false, false, false, true))));
        assertEquals(Map.of("10.96.0.20 . tcp . 80", "goto reject-chain"), piece.elements(NftRules.NO_ENDPOINT_SERVICES));
        assertFalse(piece.maps().stream().anyMatch(NftRules::isClass));
    }

    @Test
    void terminatingServingEndpointsServeWhenNoneIsReady() {
        Endpoint terminating = new Endpoint("10.42.0.9", 8080, false, true, true, false);
        NftServiceRules piece = piece(web(List.of(terminating)));
        assertEquals(Map.of("10.96.0.20 . 80 . 0", "10.42.0.9 . 8080"), piece.elements("ep-tcp-1"));
    }

    @Test
    void aLocalEndpointIsInTheHairpinSetAndARemoteOneIsNot() {
        NftServiceRules piece = piece(web(List.of(A, B)));
        assertEquals(Map.of("10.42.0.5 . 10.42.0.5", ""), piece.elements(NftRules.HAIRPIN));
    }

    @Test
    void nodePortAndExternalIpsUnderPolicyClusterAreBalancedAndMarked() {
        ServicePort port = new ServicePort("default", "web", "", "UDP", 53, List.of("10.96.0.10"), 30053,
                List.of("198.51.100.1"), List.of("10.43.0.1"), 0, false, false, List.of(A, B));
        NftServiceRules piece = piece(port);
        assertEquals("10.42.0.5 . 8080", piece.elements("np-udp-2").get("30053 . 0"));
        assertEquals("10.42.1.6 . 8080", piece.elements("ep-udp-2").get("198.51.100.1 . 53 . 1"));
        assertEquals("10.42.0.5 . 8080", piece.elements("ep-udp-2").get("10.43.0.1 . 53 . 0"));
        assertEquals(Map.of("198.51.100.1 . udp . 53", "", "10.43.0.1 . udp . 53", ""),
                piece.elements(NftRules.EXTERNAL_IPS));
        assertEquals(Map.of("udp . 30053", ""), piece.elements(NftRules.NODEPORTS_MASQ));
    }

    @Test
    void internalTrafficPolicyLocalBalancesTheClusterIpOverLocalEndpointsOnly() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0, List.of(),
                List.of(), 0, true, false, List.of(A, B));
        assertEquals(Map.of("10.96.0.20 . 80 . 0", "10.42.0.5 . 8080"), piece(port).elements("ep-tcp-1"));
        ServicePort remoteOnly = port.withEndpoints(List.of(B));
        assertEquals("goto reject-chain", piece(remoteOnly).elements(NftRules.NO_ENDPOINT_SERVICES)
                .get("10.96.0.20 . tcp . 80"));
    }

    @Test
    void externalTrafficPolicyLocalKeepsTheClientAddressAndUsesLocalEndpoints() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 30080,
                List.of("198.51.100.1"), List.of(), 0, false, true, List.of(A, B));
        NftServiceRules piece = piece(port);
        String hash = ChainNames.hash(port.key());
        assertEquals("goto ext-" + hash, piece.elements(NftRules.SERVICE_IPS).get("198.51.100.1 . tcp . 80"));
        assertEquals("goto ext-" + hash, piece.elements(NftRules.SERVICE_NODEPORTS).get("tcp . 30080"));
        assertEquals("goto svc-" + hash, piece.elements(NftRules.SERVICE_IPS).get("10.96.0.20 . tcp . 80"));
        assertEquals(List.of("ip saddr 10.42.0.0/16 goto svc-" + hash, "fib saddr type local jump mark-for-masquerade",
                "fib saddr type local goto svc-" + hash, "goto svl-" + hash), piece.chains().get("ext-" + hash));
        assertEquals(List.of("meta l4proto tcp dnat to 10.42.0.5:8080"), piece.chains().get("svl-" + hash));
        List<String> svc = piece.chains().get("svc-" + hash);
        assertEquals("ip daddr 10.96.0.20 ip saddr != 10.42.0.0/16 jump mark-for-masquerade", svc.get(0));
        EndpointSlots.Slot slot = slots.slot("svc-" + hash);
        String shard = NftRules.endpointMap("tcp", slot.shard());
        assertEquals("meta l4proto tcp dnat ip addr . port to numgen random mod 2 offset " + slot.offset() + " map @"
                + shard, svc.get(1));
        assertEquals(Map.of(Long.toString(slot.offset()), "10.42.0.5 . 8080", Long.toString(slot.offset() + 1),
                "10.42.1.6 . 8080"), piece.elements(shard));
    }

    @Test
    void externalTrafficPolicyLocalWithoutALocalEndpointDropsExternalTraffic() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 30080,
                List.of("198.51.100.1"), List.of(), 0, false, true, List.of(B));
        NftServiceRules piece = piece(port);
        assertEquals("drop", piece.elements(NftRules.NO_ENDPOINT_SERVICES).get("198.51.100.1 . tcp . 80"));
        assertEquals("drop", piece.elements(NftRules.NO_ENDPOINT_NODEPORTS).get("tcp . 30080"));
    }

    @Test
    void sessionAffinityRecordsTheClientPerEndpointAndSendsItBack() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0, List.of(),
                List.of(), 600, false, false, List.of(A, B));
        NftServiceRules piece = piece(port);
        String hash = ChainNames.hash(port.key());
        String a = ChainNames.hash(port.key() + "/10.42.0.5:8080/600");
        String b = ChainNames.hash(port.key() + "/10.42.1.6:8080/600");
        assertEquals(List.of("ip daddr 10.96.0.20 ip saddr != 10.42.0.0/16 jump mark-for-masquerade",
                "ip saddr @aff-" + a + " goto aep-" + a, "ip saddr @aff-" + b + " goto aep-" + b,
                "numgen random mod 2 vmap { 0 : goto aep-" + a + ", 1 : goto aep-" + b + " }"),
                piece.chains().get("svc-" + hash));
        assertEquals(List.of("update @aff-" + a + " { ip saddr }", "meta l4proto tcp dnat to 10.42.0.5:8080"),
                piece.chains().get("aep-" + a));
        assertEquals(Map.of("aff-" + a, 600, "aff-" + b, 600), piece.affinitySets());
    }

    @Test
    void theBaseHooksNatAroundDnatAndFiltersAfterIt() {
        List<String> base = rules.base();
        assertTrue(base.contains("add chain ip timonel nat-prerouting { type nat hook prerouting priority -100; policy accept; }"));
        assertTrue(base.contains("add chain ip timonel filter-forward { type filter hook forward priority -10; policy accept; }"));
        assertTrue(base.contains("add rule ip timonel services ip daddr . meta l4proto . th dport vmap @service-ips"));
        assertTrue(base.contains("add rule ip timonel masquerading ip saddr 10.42.0.0/16 ip daddr != 10.42.0.0/16 masquerade"));
        assertTrue(base.contains("add rule ip timonel masquerading ct status dnat ip saddr . ip daddr @hairpin masquerade"));
        assertTrue(base.contains("add rule ip timonel services ip saddr != 10.42.0.0/16 ip daddr . meta l4proto . th dport"
                + " @cluster-ips jump mark-for-masquerade"));
    }

    @Test
    void nodePortAddressesReplaceTheLocalAddressMatch() {
        List<String> base = new NftRules(CIDR, List.of("192.168.1.10", "10.0.0.0/8")).base();
        assertTrue(base.contains("add rule ip timonel services ip daddr { 192.168.1.10, 10.0.0.0/8 } meta l4proto . th dport"
                + " vmap @service-nodeports"), String.join("\n", base));
    }
}
