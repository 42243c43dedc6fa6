package io.timonel.plugins.netiptables.netpol;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * What the rules are computed from: every NetworkPolicy, Pod and Namespace of the cluster (pods
 * of other nodes are peers) and the node whose pods are enforced.
 */
record PolicyInputs(String nodeName, List<NetworkPolicy> policies, List<Pod> pods, List<Namespace> namespaces) {
    PolicyInputs {
        policies = List.copyOf(policies);
        pods = List.copyOf(pods);
        namespaces = List.copyOf(namespaces);
    }
}
