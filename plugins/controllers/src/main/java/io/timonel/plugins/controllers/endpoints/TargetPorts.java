package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which port of a pod a service port reaches, as Kubernetes' {@code FindPort}: a numeric
 * {@code targetPort} is taken as is (unset or 0 means the service port); a named one is the
 * container port of that name and the service port's protocol, searched in the containers and in
 * restartable (sidecar) init containers. A pod without such a port is left out for that port.
 */
final class TargetPorts {
    private TargetPorts() {
    }

    static OptionalInt resolve(ServicePort servicePort, Pod pod) {
        IntOrString target = servicePort.getTargetPort();
        String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
        if (target == null || (target.getStrVal() == null && (target.getIntVal() == null || target.getIntVal() == 0))) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getStrVal() == null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        if (name.matches("\\d+")) {
            return OptionalInt.of(Integer.parseInt(name));
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec() != null) {
            if (pod.getSpec().getContainers() != null) {
                containers.addAll(pod.getSpec().getContainers());
            }
            if (pod.getSpec().getInitContainers() != null) {
                pod.getSpec().getInitContainers().stream()
                        .filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
            }
        }
        for (Container container : containers) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                String portProtocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (name.equals(port.getName()) && protocol.equals(portProtocol)) {
                    return OptionalInt.of(port.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }
}
