package io.timonel.plugins.netiptables.proxy;

import java.util.List;
import java.util.Map;

/**
 * The rules one service port contributes: chains of its own, and lines in the shared dispatch
 * chains. {@link ProxyRules#assemble} puts the pieces of every port together.
 *
 * @param natChains      its own nat chains (SVC, SVL, EXT) with their rules
 * @param natServices    its lines in nat {@link ChainNames#SERVICES} (cluster, external and load balancer IPs)
 * @param natNodePorts   its lines in nat {@link ChainNames#NODEPORTS}
 * @param filterServices its lines in filter {@link ChainNames#SERVICES} (rejects when it has no endpoint)
 * @param filterExternal its lines in filter {@link ChainNames#EXTERNAL}
 */
public record ServiceRules(Map<String, List<String>> natChains, List<String> natServices, List<String> natNodePorts,
                           List<String> filterServices, List<String> filterExternal) {
}
