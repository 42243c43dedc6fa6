package io.timonel.spi.network;

import io.timonel.spi.runtime.SandboxConfig.PortMapping;
import java.util.List;

/**
 * One pod sandbox to wire.
 *
 * @param sandboxId    the runtime's sandbox id (the CNI container id)
 * @param netnsPath    the sandbox's network namespace, e.g. {@code /proc/PID/ns/net}; may be
 *                     null for {@link PodNetwork#detach} when the sandbox is already gone
 * @param portMappings the pod's host ports
 */
public record PodAttachment(String podNamespace, String podName, String podUid, String sandboxId,
                            String netnsPath, List<PortMapping> portMappings) {
    public PodAttachment {
        portMappings = List.copyOf(portMappings);
    }
}
