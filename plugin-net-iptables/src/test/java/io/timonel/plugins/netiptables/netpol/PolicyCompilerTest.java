package io.timonel.plugins.netiptables.netpol;

import static io.timonel.plugins.netiptables.netpol.Fixtures.NODE;
import static io.timonel.plugins.netiptables.netpol.Fixtures.containerPort;
import static io.timonel.plugins.netiptables.netpol.Fixtures.ipBlock;
import static io.timonel.plugins.netiptables.netpol.Fixtures.named;
import static io.timonel.plugins.netiptables.netpol.Fixtures.namespace;
import static io.timonel.plugins.netiptables.netpol.Fixtures.namespaces;
import static io.timonel.plugins.netiptables.netpol.Fixtures.pod;
import static io.timonel.plugins.netiptables.netpol.Fixtures.pods;
import static io.timonel.plugins.netiptables.netpol.Fixtures.podsInNamespaces;
import static io.timonel.plugins.netiptables.netpol.Fixtures.port;
import static io.timonel.plugins.netiptables.netpol.Fixtures.rules;
import static io.timonel.plugins.netiptables.netpol.Fixtures.selector;
import static io.timonel.plugins.netiptables.netpol.Fixtures.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
    private final PolicyCompiler compiler = new PolicyCompiler(DenyAction.DROP, true);

    private final Pod db = pod("shop", "db", NODE, "10.42.0.10", List.of(containerPort("pg", 5432, "TCP")), "app=db");
    private final Pod web = pod("shop", "web", NODE, "10.42.0.11", "app=web");
    private final Pod webElsewhere = pod("shop", "web-2", "node-b", "10.42.1.11", "app=web");
    private final Pod webOfOtherTeam = pod("other", "web", "node-b", "10.42.1.12", "app=web");
    private final Pod monitor = pod("ops", "prom", "node-b", "10.42.1.20", "app=prom");
    private final List<Pod> allPods = List.of(db, web, webElsewhere, webOfOtherTeam, monitor);
    private final List<Namespace> allNamespaces = List.of(namespace("shop", "team=shop"),
            namespace("other", "team=other"), namespace("ops", "team=ops", "role=monitoring"));

    private RuleSet compile(NetworkPolicy... policies) {
        return compiler.compile(new PolicyInputs(NODE, List.of(policies), allPods, allNamespaces));
    }

    private static String in(Pod pod) {
        return ChainNames.ingress(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    private static String out(Pod pod) {
        return ChainNames.egress(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    @Test
    void withoutPoliciesThereAreNoChainsAtAll() {
        assertEquals(RuleSet.EMPTY, compile());
    }

    @Test
    void aPodSelectedByNoPolicyIsUnrestricted() {
        RuleSet rules = compile(ingressPolicy("shop", "db-only", selector("app=db"), List.of()));

        assertEquals(List.of(ChainNames.ROOT, in(db)), List.copyOf(rules.chains().keySet()));
        assertEquals(List.of("-m conntrack --ctstate ESTABLISHED,RELATED -j RETURN",
                "-m addrtype --src-type LOCAL -j RETURN", "-d 10.42.0.10/32 -j " + in(db)),
                rules(rules, ChainNames.ROOT));
    }

    @Test
    void denyAllIngressDropsEverythingAddressedToTheSelectedPods() {
        RuleSet rules = compile(ingressPolicy("shop", "deny-all", new LabelSelector(), List.of()));

        assertEquals(List.of("-j DROP"), rules(rules, in(db)));
        assertEquals(List.of("-j DROP"), rules(rules, in(web)));
        assertTrue(rules(rules, ChainNames.ROOT).contains("-d 10.42.0.10/32 -j " + in(db)));
        assertFalse(rules.chains().containsKey(out(db)), "ingress policies leave egress alone");
        assertFalse(rules.chains().containsKey(ChainNames.ingress("shop", "web-2")), "pods of other nodes");
    }

    @Test
    void allowFromLabelAdmitsOnlyMatchingPodsOfThePolicysNamespace() {
        RuleSet rules = compile(ingressPolicy("shop", "web-to-db", selector("app=db"),
                List.of(rule(List.of(pods("app=web")), List.of()))));

        assertEquals(List.of("-s 10.42.0.11/32 -j RETURN", "-s 10.42.1.11/32 -j RETURN", "-j DROP"),
                rules(rules, in(db)));
        assertFalse(rules.chains().containsKey(in(web)), "web is not selected");
    }

    @Test
    void namespaceSelectorAdmitsEveryPodOfMatchingNamespaces() {
        RuleSet rules = compile(ingressPolicy("shop", "from-ops", selector("app=db"),
                List.of(rule(List.of(namespaces("role=monitoring")), List.of()))));

        assertEquals(List.of("-s 10.42.1.20/32 -j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void podAndNamespaceSelectorsTogetherAdmitMatchingPodsOfMatchingNamespaces() {
        RuleSet rules = compile(ingressPolicy("shop", "web-anywhere", selector("app=db"),
                List.of(rule(List.of(podsInNamespaces(selector("app=web"), new LabelSelector())), List.of()))));

        assertEquals(List.of("-s 10.42.1.12/32 -j RETURN", "-s 10.42.0.11/32 -j RETURN",
                "-s 10.42.1.11/32 -j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void ipBlockAdmitsItsRangeWithoutTheExceptedOnes() {
        RuleSet rules = compile(ingressPolicy("shop", "office", selector("app=db"),
                List.of(rule(List.of(ipBlock("192.168.0.0/22", "192.168.1.0/24", "192.168.3.128/25")), List.of()))));

        assertEquals(List.of("-s 192.168.0.0/24 -j RETURN", "-s 192.168.2.0/24 -j RETURN",
                "-s 192.168.3.0/25 -j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void portsRestrictByProtocolAndRange() {
        RuleSet rules = compile(ingressPolicy("shop", "ports", selector("app=db"),
                List.of(rule(List.of(), List.of(tcp(5432), port("UDP", 5000, 5010), port("SCTP", 9, null))))));

        assertEquals(List.of("-p tcp -m tcp --dport 5432 -j RETURN", "-p udp -m udp --dport 5000:5010 -j RETURN",
                "-p sctp -m sctp --dport 9 -j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void namedPortResolvesAgainstTheDestinationPod() {
        NetworkPolicy policy = ingressPolicy("shop", "pg", new LabelSelector(),
                List.of(rule(List.of(pods("app=web")), List.of(named("pg")))));

        RuleSet rules = compile(policy);

        assertEquals(List.of("-s 10.42.0.11/32 -p tcp -m tcp --dport 5432 -j RETURN",
                "-s 10.42.1.11/32 -p tcp -m tcp --dport 5432 -j RETURN", "-j DROP"), rules(rules, in(db)));
        assertEquals(List.of("-j DROP"), rules(rules, in(web)), "web has no port named pg: nothing is allowed");
    }

    @Test
    void anEmptyFromAdmitsEverySource() {
        RuleSet rules = compile(ingressPolicy("shop", "open", selector("app=db"), List.of(rule(List.of(), List.of()))));

        assertEquals(List.of("-j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void egressDenyAllDropsEverythingTheSelectedPodSends() {
        RuleSet rules = compile(policy("shop", "no-egress", selector("app=web"), List.of("Egress"), List.of(),
                List.of()));

        assertEquals(List.of("-j DROP"), rules(rules, out(web)));
        assertTrue(rules(rules, ChainNames.ROOT).contains("-s 10.42.0.11/32 -j " + out(web)));
        assertFalse(rules.chains().containsKey(in(web)), "an Egress-only policy leaves ingress alone");
    }

    @Test
    void egressRulesAllowDestinationsAndNamedPortsOfThosePods() {
        RuleSet rules = compile(policy("shop", "web-out", selector("app=web"), null, List.of(),
                List.of(new NetworkPolicyEgressRuleBuilder().withTo(pods("app=db")).withPorts(named("pg")).build(),
                        new NetworkPolicyEgressRuleBuilder().withPorts(port("UDP", 53, null)).build())));

        assertEquals(List.of("-d 10.42.0.10/32 -p tcp -m tcp --dport 5432 -j RETURN",
                "-p udp -m udp --dport 53 -j RETURN", "-j DROP"), rules(rules, out(web)));
        assertEquals(List.of("-j DROP"), rules(rules, in(web)),
                "without policyTypes, a policy with egress rules is also an ingress policy");
    }

    @Test
    void policyTypesDefaultToIngressWhenThereAreNoEgressRules() {
        RuleSet rules = compile(policy("shop", "only-in", selector("app=web"), null, List.of(), List.of()));

        assertTrue(rules.chains().containsKey(in(web)));
        assertFalse(rules.chains().containsKey(out(web)));
    }

    @Test
    void multiplePoliciesAllowTheUnionOfWhatEachAllows() {
        RuleSet rules = compile(
                ingressPolicy("shop", "a-web", selector("app=db"), List.of(rule(List.of(pods("app=web")), List.of(tcp(5432))))),
                ingressPolicy("shop", "b-ops", selector("app=db"), List.of(rule(List.of(namespaces("team=ops")), List.of()))));

        assertEquals(List.of("-s 10.42.0.11/32 -p tcp -m tcp --dport 5432 -j RETURN",
                "-s 10.42.1.11/32 -p tcp -m tcp --dport 5432 -j RETURN",
                "-s 10.42.1.20/32 -j RETURN", "-j DROP"), rules(rules, in(db)));
    }

    @Test
    void egressIsCheckedBeforeIngressSoTrafficBetweenTwoIsolatedPodsPassesBoth() {
        RuleSet rules = compile(policy("shop", "all", new LabelSelector(), List.of("Ingress", "Egress"), List.of(),
                List.of()));

        List<String> root = rules(rules, ChainNames.ROOT);
        int lastEgress = root.indexOf("-s 10.42.0.11/32 -j " + out(web));
        int firstIngress = root.indexOf("-d 10.42.0.10/32 -j " + in(db));
        assertTrue(lastEgress >= 0 && firstIngress > lastEgress, root.toString());
    }

    @Test
    void hostNetworkPodsAndPodsWithoutAnAddressAreNotEnforced() {
        Pod host = new PodBuilder(pod("shop", "host", NODE, "192.0.2.1", "app=db")).editSpec().withHostNetwork(true)
                .endSpec().build();
        Pod pending = pod("shop", "pending", NODE, null, "app=db");
        RuleSet rules = compiler.compile(new PolicyInputs(NODE,
                List.of(ingressPolicy("shop", "deny", new LabelSelector(), List.of())), List.of(host, pending), List.of()));

        assertEquals(RuleSet.EMPTY, rules);
    }

    @Test
    void aPodCannotBlockAccessToItself() {
        RuleSet rules = compile(policy("shop", "all", selector("app=db"), List.of("Ingress", "Egress"), List.of(),
                List.of()));

        assertEquals("-A " + in(db) + " -s 10.42.0.10/32 -m comment --comment \"a pod reaches itself\" -j RETURN",
                rules.rules(in(db)).get(0));
        assertEquals("-A " + out(db) + " -d 10.42.0.10/32 -m comment --comment \"a pod reaches itself\" -j RETURN",
                rules.rules(out(db)).get(0));
    }

    @Test
    void rejectActionAndEnforcedNodeTrafficAreOptions() {
        RuleSet rules = new PolicyCompiler(DenyAction.REJECT, false).compile(new PolicyInputs(NODE,
                List.of(ingressPolicy("shop", "deny", selector("app=db"), List.of())), allPods, allNamespaces));

        assertEquals(List.of("-j REJECT"), rules(rules, in(db)));
        assertFalse(rules(rules, ChainNames.ROOT).contains("-m addrtype --src-type LOCAL -j RETURN"));
    }

    @Test
    void theSameInputsGiveTheSameTextWhateverTheirOrder() {
        NetworkPolicy a = ingressPolicy("shop", "a", selector("app=db"), List.of(rule(List.of(pods("app=web")), List.of())));
        NetworkPolicy b = ingressPolicy("shop", "b", selector("app=db"), List.of(rule(List.of(namespaces()), List.of())));
        List<Pod> reversed = new ArrayList<>(allPods);
        java.util.Collections.reverse(reversed);

        assertEquals(compile(a, b), compiler.compile(new PolicyInputs(NODE, List.of(b, a), reversed, allNamespaces)));
    }

    private static NetworkPolicy ingressPolicy(String namespace, String name, LabelSelector podSelector,
                                               List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule> ingress) {
        return policy(namespace, name, podSelector, List.of("Ingress"), ingress, List.of());
    }

    private static NetworkPolicy policy(String namespace, String name, LabelSelector podSelector, List<String> types,
                                        List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule> ingress,
                                        List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule> egress) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withPodSelector(podSelector).withPolicyTypes(types).withIngress(ingress)
                .withEgress(egress).endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule rule(
            List<NetworkPolicyPeer> from, List<NetworkPolicyPort> ports) {
        return new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(ports).build();
    }
}
