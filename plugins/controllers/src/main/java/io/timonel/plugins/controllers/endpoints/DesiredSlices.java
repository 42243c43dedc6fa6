package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.timonel.plugins.controllers.kit.PodStates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The endpoints of a service as EndpointSlices carry them, grouped by their resolved port set (one
 * group becomes one or more slices). Conditions as Kubernetes' endpointslice controller sets them:
 * {@code serving} is the pod's readiness, {@code terminating} whether it is being deleted, and
 * {@code ready} is serving and not terminating, or always true when the service publishes
 * not-ready addresses.
 */
final class DesiredSlices {
    private DesiredSlices() {
    }

    /** The endpoints of one port set. */
    record Group(List<EndpointPort> ports, List<Endpoint> endpoints) {
        String key() {
            return portsKey(ports);
        }
    }

    /** @param pods the service's endpoint pods, terminating ones included */
    static List<Group> of(Service service, List<Pod> pods) {
        return of(service, pods, node -> null);
    }

    /** @param zoneOf a node's {@code topology.kubernetes.io/zone}, or null */
    static List<Group> of(Service service, List<Pod> pods, java.util.function.Function<String, String> zoneOf) {
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        Map<String, Group> groups = new TreeMap<>();
        for (Pod pod : pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList()) {
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : servicePorts) {
                OptionalInt port = TargetPorts.resolve(sp, pod);
                if (port.isPresent()) {
                    ports.add(new EndpointPortBuilder().withName(sp.getName() == null ? "" : sp.getName())
                            .withPort(port.getAsInt()).withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .withAppProtocol(sp.getAppProtocol()).build());
                }
            }
            ports.sort(Comparator.comparing(EndpointPort::getName).thenComparing(EndpointPort::getPort));
            groups.computeIfAbsent(portsKey(ports), k -> new Group(ports, new ArrayList<>()))
                    .endpoints().add(endpoint(service, pod, zoneOf));
        }
        return List.copyOf(groups.values());
    }

    static Endpoint endpoint(Service service, Pod pod) {
        return endpoint(service, pod, node -> null);
    }

    static Endpoint endpoint(Service service, Pod pod, java.util.function.Function<String, String> zoneOf) {
        String node = ServicePods.nodeName(pod);
        boolean serving = PodStates.isReady(pod);
        boolean terminating = PodStates.isTerminating(pod);
        boolean ready = ServicePods.publishNotReady(service) || (serving && !terminating);
        return new EndpointBuilder()
                .withAddresses(PodStates.ip(pod))
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .withHostname(ServicePods.hostname(service, pod))
                .withNodeName(node)
                .withZone(node == null ? null : zoneOf.apply(node))
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid()).build())
                .build();
    }

    /** A key equal for equal port sets, whatever their order. */
    static String portsKey(List<EndpointPort> ports) {
        if (ports == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (EndpointPort p : ports) {
            parts.add((p.getName() == null ? "" : p.getName()) + "/" + p.getProtocol() + "/" + p.getPort() + "/"
                    + (p.getAppProtocol() == null ? "" : p.getAppProtocol()));
        }
        parts.sort(null);
        return String.join(";", parts);
    }
}
