package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Container;

/**
 * What a probe or hook runs against.
 *
 * @param containerId the running container (exec)
 * @param podIp       the pod's address (httpGet and tcpSocket without a host)
 * @param container   its spec (named ports)
 */
public record ProbeTarget(String containerId, String podIp, Container container) {
}
