package io.timonel.plugins.nodeagent.interim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.plugins.nodeagent.env.ContainerEnv;
import io.timonel.spi.runtime.ContainerConfig;
import java.util.ArrayList;
import java.util.List;

/** Literal env values and the pod's name, namespace, uid, node and IPs by fieldRef; nothing else. */
public final class LiteralEnv implements ContainerEnv {
    @Override
    public Outcome<List<ContainerConfig.EnvVar>> resolve(Pod pod, Container container, String podIp, String hostIp) {
        List<ContainerConfig.EnvVar> out = new ArrayList<>();
        if (container.getEnv() == null) {
            return Outcome.of(out);
        }
        for (EnvVar v : container.getEnv()) {
            String value = v.getValue();
            if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                value = switch (v.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> pod.getMetadata().getName();
                    case "metadata.namespace" -> pod.getMetadata().getNamespace();
                    case "metadata.uid" -> pod.getMetadata().getUid();
                    case "spec.nodeName" -> pod.getSpec().getNodeName();
                    case "status.podIP" -> podIp;
                    case "status.hostIP" -> hostIp;
                    default -> "";
                };
            }
            out.add(new ContainerConfig.EnvVar(v.getName(), value == null ? "" : value));
        }
        return Outcome.of(out);
    }
}
