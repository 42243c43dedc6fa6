package io.timonel.plugins.netiptables.netpol;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for the objects the policy tests are about, reduced to what matters to the rules. */
final class Fixtures {
    static final String NODE = "node-a";

    private Fixtures() {
    }

    /** A running pod on {@code node} with {@code ip}, labels as key=value pairs. */
    static Pod pod(String namespace, String name, String node, String ip, String... labels) {
        return pod(namespace, name, node, ip, List.of(), labels);
    }

    static Pod pod(String namespace, String name, String node, String ip, List<ContainerPort> ports,
                   String... labels) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels(labels)).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox")
                .withPorts(ports).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus()
                .build();
    }

    static ContainerPort containerPort(String name, int port, String protocol) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol(protocol).build();
    }

    static Namespace namespace(String name, String... labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels(labels)).endMetadata().build();
    }

    static LabelSelector selector(String... labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels(labels)).build();
    }

    static NetworkPolicyPeer pods(String... labels) {
        return new NetworkPolicyPeerBuilder().withPodSelector(selector(labels)).build();
    }

    static NetworkPolicyPeer namespaces(String... labels) {
        return new NetworkPolicyPeerBuilder().withNamespaceSelector(selector(labels)).build();
    }

    static NetworkPolicyPeer podsInNamespaces(LabelSelector pods, LabelSelector namespaces) {
        return new NetworkPolicyPeerBuilder().withPodSelector(pods).withNamespaceSelector(namespaces).build();
    }

    static NetworkPolicyPeer ipBlock(String cidr, String... except) {
        return new NetworkPolicyPeerBuilder().withIpBlock(new IPBlockBuilder().withCidr(cidr).withExcept(except).build())
                .build();
    }

    static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }

    static NetworkPolicyPort port(String protocol, int port, Integer endPort) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port))
                .withEndPort(endPort).build();
    }

    static NetworkPolicyPort named(String name) {
        return new NetworkPolicyPortBuilder().withPort(new IntOrString(name)).build();
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            labels.put(kv[0], kv[1]);
        }
        return labels;
    }

    /**
     * The rules of {@code chain} without the "-A CHAIN" prefix and the comments: what the rule
     * matches and does. The rule every pod chain opens with, letting a pod reach itself, is left
     * out (PolicyCompilerTest has a case of its own for it).
     */
    static List<String> rules(RuleSet set, String chain) {
        List<String> out = new ArrayList<>();
        for (String rule : set.rules(chain)) {
            if (rule.contains("\"a pod reaches itself\"")) {
                continue;
            }
            out.add(rule.replace("-A " + chain + " ", "").replaceAll(" ?-m comment --comment \"[^\"]*\"", "").strip());
        }
        return out;
    }
}
