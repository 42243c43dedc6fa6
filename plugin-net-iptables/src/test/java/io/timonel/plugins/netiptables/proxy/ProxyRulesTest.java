package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyRulesTest {
    private static final String CIDR = "10.42.0.0/16";
    private final ProxyRules rules = new ProxyRules(CIDR, List.of());

    static ServicePort web(List<Endpoint> endpoints) {
        return new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0, List.of(), List.of(), 0,
                false, false, endpoints);
    }

    static final Endpoint A = Endpoint.ready("10.42.0.5", 8080, true);
    static final Endpoint B = Endpoint.ready("10.42.1.6", 8080, false);
    static final Endpoint C = Endpoint.ready("10.42.2.7", 8080, false);

    @Test
    void clusterIpDispatchesToTheServiceChain() {
        ServicePort port = web(List.of(A, B));
        RuleSet set = rules.generate(List.of(port));
        String svc = ChainNames.svc(port);
        assertTrue(set.nat().get(ChainNames.SERVICES).contains(
                "-d 10.96.0.20/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j " + svc));
    }

    @Test
    void endpointsAreChosenWithProbabilitiesThatMakeEachEquallyLikely() {
        ServicePort port = web(List.of(A, B, C));
        List<String> svc = rules.generate(List.of(port)).nat().get(ChainNames.svc(port));
        List<String> dnat = svc.stream().filter(r -> r.contains("DNAT")).toList();
        assertEquals(List.of(
                "-p tcp -m statistic --mode random --probability 0.3333333333 -j DNAT --to-destination 10.42.0.5:8080",
                "-p tcp -m statistic --mode random --probability 0.5000000000 -j DNAT --to-destination 10.42.1.6:8080",
                "-p tcp -j DNAT --to-destination 10.42.2.7:8080"), dnat);
    }

    @Test
    void trafficFromOutsideTheClusterCidrToAClusterIpIsMasqueraded() {
        ServicePort port = web(List.of(A));
        List<String> svc = rules.generate(List.of(port)).nat().get(ChainNames.svc(port));
        assertEquals("! -s 10.42.0.0/16 -d 10.96.0.20/32 -p tcp -m comment --comment \"default/web:http cluster IP\""
                + " -m tcp --dport 80 -j TIMONEL-MARK-MASQ", svc.get(0));
    }

    @Test
    void aLocalEndpointReachingItselfIsMasqueradedButRemoteOnesNeedNoHairpinRule() {
        ServicePort port = web(List.of(A, B));
        List<String> svc = rules.generate(List.of(port)).nat().get(ChainNames.svc(port));
        assertTrue(svc.contains("-s 10.42.0.5/32 -j TIMONEL-MARK-MASQ"));
        assertFalse(svc.stream().anyMatch(r -> r.startsWith("-s 10.42.1.6/32")));
    }

    @Test
    void aServiceWithoutReadyEndpointsIsRejectedAtOnceInsteadOfDispatched() {
        ServicePort port = web(List.of(new Endpoint("10.42.0.5", 8080, false, false, false, true)));
        RuleSet set = rules.generate(List.of(port));
        assertFalse(set.nat().containsKey(ChainNames.svc(port)));
        assertFalse(set.nat().get(ChainNames.SERVICES).stream().anyMatch(r -> r.contains("10.96.0.20")));
        assertEquals(List.of("-d 10.96.0.20/32 -p tcp -m comment --comment \"default/web:http has no endpoints\""
                + " -m tcp --dport 80 -j REJECT --reject-with tcp-reset"), set.filter().get(ChainNames.SERVICES));
    }

    @Test
    void udpWithoutEndpointsIsRejectedWithPortUnreachable() {
        ServicePort port = new ServicePort("kube-system", "kube-dns", "dns", "UDP", 53, List.of("10.96.0.10"), 0,
                List.of(), List.of(), 0, false, false, List.of());
        assertTrue(rules.generate(List.of(port)).filter().get(ChainNames.SERVICES).get(0)
                .endsWith("-p udp -m comment --comment \"kube-system/kube-dns:dns has no endpoints\" -m udp --dport 53"
                        + " -j REJECT --reject-with icmp-port-unreachable"));
    }

    @Test
    void terminatingEndpointsStillServingAreUsedOnlyWhenNoneIsReady() {
        Endpoint terminating = new Endpoint("10.42.0.9", 8080, false, true, true, false);
        assertEquals(List.of(terminating), web(List.of(terminating)).usable());
        assertEquals(List.of(A), web(List.of(A, terminating)).usable());
    }

    @Test
    void sessionAffinitySendsAClientBackToItsEndpointWithinTheTimeout() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0, List.of(),
                List.of(), 60, false, false, List.of(B, C));
        List<String> svc = rules.generate(List.of(port)).nat().get(ChainNames.svc(port));
        String listB = ChainNames.affinity(port, B);
        int check = svc.indexOf("-p tcp -m recent --rcheck --seconds 60 --reap --name " + listB
                + " --mask 255.255.255.255 --rsource -j DNAT --to-destination 10.42.1.6:8080");
        int set = svc.indexOf("-p tcp -m statistic --mode random --probability 0.5000000000 -m recent --set --name "
                + listB + " --mask 255.255.255.255 --rsource -j DNAT --to-destination 10.42.1.6:8080");
        assertTrue(check >= 0 && set > check, svc.toString());
    }

    @Test
    void nodePortGoesThroughTheExternalChainWhichMasqueradesUnderPolicyCluster() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 30080,
                List.of(), List.of(), 0, false, false, List.of(A, B));
        RuleSet set = rules.generate(List.of(port));
        String ext = ChainNames.ext(port);
        assertEquals(List.of("-p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -j " + ext),
                set.nat().get(ChainNames.NODEPORTS));
        assertEquals(List.of("-j TIMONEL-MARK-MASQ", "-j " + ChainNames.svc(port)), set.nat().get(ext));
        List<String> services = set.nat().get(ChainNames.SERVICES);
        assertEquals("! -d 127.0.0.0/8 -m comment --comment \"timonel service nodeports; NOTE: this must be the last rule"
                + " in this chain\" -m addrtype --dst-type LOCAL -j TIMONEL-NODEPORTS", services.get(services.size() - 1));
    }

    @Test
    void loopbackNodePortsAnswerOn127AndDropWhatElseRouteLocalnetLetsIn() {
        RuleSet set = new ProxyRules(CIDR, List.of(), true).generate(List.of());
        List<String> services = set.nat().get(ChainNames.SERVICES);
        assertEquals("-m comment --comment \"timonel service nodeports; NOTE: this must be the last rule in this chain\""
                + " -m addrtype --dst-type LOCAL -j TIMONEL-NODEPORTS", services.get(services.size() - 1));
        assertEquals("! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\""
                + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP", set.filter().get(ChainNames.EXTERNAL).get(0));
        List<String> limited = new ProxyRules(CIDR, List.of("10.0.0.7"), true).generate(List.of()).nat()
                .get(ChainNames.SERVICES);
        assertEquals(List.of("-d 10.0.0.7/32 -m comment --comment \"timonel service nodeports\" -j TIMONEL-NODEPORTS"),
                limited, "given addresses are all there is");
    }

    @Test
    void nodePortsAnswerOnlyOnConfiguredAddressesWhenGiven() {
        ProxyRules limited = new ProxyRules(CIDR, List.of("192.168.5.0/24", "10.0.0.7"));
        List<String> services = limited.generate(List.of()).nat().get(ChainNames.SERVICES);
        assertEquals(List.of(
                "-d 192.168.5.0/24 -m comment --comment \"timonel service nodeports\" -j TIMONEL-NODEPORTS",
                "-d 10.0.0.7/32 -m comment --comment \"timonel service nodeports\" -j TIMONEL-NODEPORTS"), services);
    }

    @Test
    void externalAndLoadBalancerIpsDispatchToTheExternalChain() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0,
                List.of("192.0.2.10"), List.of("10.43.0.1"), 0, false, false, List.of(A));
        List<String> services = rules.generate(List.of(port)).nat().get(ChainNames.SERVICES);
        String ext = ChainNames.ext(port);
        assertTrue(services.contains("-d 192.0.2.10/32 -p tcp -m comment --comment \"default/web:http external IP\""
                + " -m tcp --dport 80 -j " + ext));
        assertTrue(services.contains("-d 10.43.0.1/32 -p tcp -m comment --comment \"default/web:http load balancer IP\""
                + " -m tcp --dport 80 -j " + ext));
    }

    @Test
    void externalPolicyLocalKeepsTheClientSourceAndUsesOnlyThisNodesEndpoints() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 30080,
                List.of(), List.of(), 0, false, true, List.of(A, B));
        RuleSet set = rules.generate(List.of(port));
        List<String> ext = set.nat().get(ChainNames.ext(port));
        assertFalse(ext.contains("-j TIMONEL-MARK-MASQ"), "external traffic keeps its source");
        assertEquals("-j " + ChainNames.svl(port), ext.get(ext.size() - 1));
        assertTrue(ext.get(0).startsWith("-s 10.42.0.0/16 "), "pods get the whole service: " + ext);
        List<String> svl = set.nat().get(ChainNames.svl(port));
        assertEquals(List.of("-s 10.42.0.5/32 -j TIMONEL-MARK-MASQ", "-p tcp -j DNAT --to-destination 10.42.0.5:8080"), svl);
    }

    @Test
    void externalPolicyLocalWithoutEndpointsOnThisNodeDropsExternalTraffic() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 30080,
                List.of(), List.of(), 0, false, true, List.of(B));
        RuleSet set = rules.generate(List.of(port));
        assertEquals(List.of("-m addrtype --dst-type LOCAL -p tcp -m comment --comment \"default/web:http has no local"
                + " endpoints\" -m tcp --dport 30080 -j DROP"), set.filter().get(ChainNames.EXTERNAL));
        assertFalse(set.nat().containsKey(ChainNames.svl(port)));
    }

    @Test
    void internalPolicyLocalSendsClusterIpTrafficToThisNodesEndpointsOnly() {
        ServicePort port = new ServicePort("default", "web", "http", "TCP", 80, List.of("10.96.0.20"), 0,
                List.of(), List.of(), 0, true, false, List.of(A, B));
        RuleSet set = rules.generate(List.of(port));
        assertTrue(set.nat().get(ChainNames.SERVICES).get(0).endsWith("-j " + ChainNames.svl(port)));
        assertFalse(set.nat().containsKey(ChainNames.svc(port)));
        assertFalse(set.nat().get(ChainNames.svl(port)).stream().anyMatch(r -> r.contains("10.42.1.6")));
    }

    @Test
    void podTrafficLeavingTheClusterCidrAndMarkedConnectionsAreMasqueraded() {
        List<String> post = rules.generate(List.of()).nat().get(ChainNames.POSTROUTING);
        assertEquals(List.of(
                "-s 10.42.0.0/16 ! -d 10.42.0.0/16 -m comment --comment \"pod traffic leaving the cluster\" -j MASQUERADE",
                "-m mark ! --mark 0x4000/0x4000 -j RETURN",
                "-j MARK --set-xmark 0x4000/0x0",
                "-m comment --comment \"timonel service traffic requiring SNAT\" -j MASQUERADE"), post);
    }

    @Test
    void chainNamesFitIptablesAndAreStable() {
        ServicePort port = web(List.of());
        assertEquals(28, ChainNames.svc(port).length());
        assertEquals(ChainNames.svc(port), ChainNames.svc(web(List.of(A))));
        assertTrue(ChainNames.owned(ChainNames.ext(port)));
        assertFalse(ChainNames.owned("TIMONEL-POD-NETWORK"));
    }
}
