package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.netiptables.iptables.SavedTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePlanTest {
    private final ProxyRules rules = new ProxyRules("10.42.0.0/16", List.of());
    private final ServicePort web = ProxyRulesTest.web(List.of(ProxyRulesTest.A, ProxyRulesTest.B));
    private final ServicePort api = new ServicePort("default", "api", "", "TCP", 443, List.of("10.96.0.30"), 0,
            List.of(), List.of(), 0, false, false, List.of(ProxyRulesTest.C));

    @Test
    void nothingChangedMeansNoTransaction() {
        RuleSet set = rules.generate(List.of(web, api));
        assertTrue(RestorePlan.between(set, rules.generate(List.of(web, api))).isEmpty());
    }

    @Test
    void anEndpointChangeRewritesOnlyThatServicesChain() {
        RuleSet before = rules.generate(List.of(web, api));
        ServicePort moved = web.withEndpoints(List.of(ProxyRulesTest.A, ProxyRulesTest.C));
        RestorePlan plan = RestorePlan.between(before, rules.generate(List.of(moved, api)));
        assertEquals(List.of(ChainNames.svc(web)), List.copyOf(plan.rewritten("nat")));
        assertTrue(plan.rewritten("filter").isEmpty());
        assertEquals("*nat\n:" + ChainNames.svc(web) + " - [0:0]\n", plan.text().substring(0, plan.text().indexOf("-A")));
        assertFalse(plan.text().contains("*filter"));
    }

    @Test
    void aRemovedServiceHasItsChainFlushedAndDeletedAfterTheDispatchIsRewritten() {
        RuleSet before = rules.generate(List.of(web, api));
        RestorePlan plan = RestorePlan.between(before, rules.generate(List.of(web)));
        String svc = ChainNames.svc(api);
        assertEquals(List.of(svc), List.copyOf(plan.deleted("nat")));
        assertEquals(List.of(ChainNames.SERVICES), List.copyOf(plan.rewritten("nat")));
        String text = plan.text();
        assertTrue(text.indexOf(":" + svc + " - [0:0]") < text.indexOf("-X " + svc));
        assertTrue(text.indexOf("-A " + ChainNames.SERVICES) < text.indexOf("-X " + svc));
    }

    @Test
    void losingItsLastEndpointTurnsAServiceIntoARejectRule() {
        RuleSet before = rules.generate(List.of(web));
        RestorePlan plan = RestorePlan.between(before, rules.generate(List.of(web.withEndpoints(List.of()))));
        assertEquals(List.of(ChainNames.svc(web)), List.copyOf(plan.deleted("nat")));
        assertEquals(List.of(ChainNames.SERVICES), List.copyOf(plan.rewritten("filter")));
    }

    @Test
    void aFullSyncRewritesEverythingDeletesLeftoversAndAddsMissingHooks() {
        SavedTable nat = SavedTable.parse("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :DOCKER - [0:0]
                :TIMONEL-SERVICES - [0:0]
                :TIMONEL-SVC-OLDOLDOLDOLDOLDO - [0:0]
                :TIMONEL-POD-SOMETHING - [0:0]
                -A PREROUTING -m comment --comment "timonel service portals" -j TIMONEL-SERVICES
                -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
                COMMIT
                """);
        SavedTable filter = SavedTable.parse("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\nCOMMIT\n");
        RuleSet desired = rules.generate(List.of(web));
        RestorePlan plan = RestorePlan.full(desired, nat, filter);
        assertEquals(desired.nat().keySet(), java.util.Set.copyOf(plan.rewritten("nat")));
        assertEquals(List.of("TIMONEL-SVC-OLDOLDOLDOLDOLDO"), List.copyOf(plan.deleted("nat")));
        String text = plan.text();
        assertFalse(text.contains("-I PREROUTING"), "the PREROUTING hook is there already");
        assertTrue(text.contains("-I OUTPUT -m comment --comment \"timonel service portals\" -j TIMONEL-SERVICES\n"));
        assertTrue(text.contains("-A FORWARD -m comment --comment \"timonel forwarding rules\" -j TIMONEL-FORWARD\n"));
        assertFalse(text.contains("TIMONEL-POD-SOMETHING"), "other features' chains are left alone");
    }

    @Test
    void removalDeletesTheHooksAsFoundAndEveryChainOfTheProxy() {
        SavedTable nat = SavedTable.parse("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :TIMONEL-SERVICES - [0:0]
                :TIMONEL-SVC-AAAAAAAAAAAAAAAA - [0:0]
                -A PREROUTING -m comment --comment "timonel service portals" -j TIMONEL-SERVICES
                -A TIMONEL-SERVICES -d 10.96.0.20/32 -j TIMONEL-SVC-AAAAAAAAAAAAAAAA
                COMMIT
                """);
        RestorePlan plan = RestorePlan.removal(nat, SavedTable.parse(""));
        assertEquals("""
                *nat
                :TIMONEL-SERVICES - [0:0]
                :TIMONEL-SVC-AAAAAAAAAAAAAAAA - [0:0]
                -D PREROUTING -m comment --comment "timonel service portals" -j TIMONEL-SERVICES
                -X TIMONEL-SERVICES
                -X TIMONEL-SVC-AAAAAAAAAAAAAAAA
                COMMIT
                """, plan.text());
    }
}
