package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.timonel.plugins.controllers.kit.PodStates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The {@code subsets} of a service's Endpoints, as Kubernetes' endpoints controller computes them:
 * each pod's address goes to {@code addresses} when the pod is ready (or the service publishes
 * not-ready addresses) and to {@code notReadyAddresses} otherwise, with each service port resolved
 * against the pod; addresses sharing the same resolved ports form one subset (Kubernetes'
 * {@code RepackSubsets}). Addresses are sorted by IP, ports by name, subsets by their ports.
 */
final class Subsets {
    private Subsets() {
    }

    /** @param pods the service's endpoint pods ({@link ServicePods#of} without terminating ones) */
    static List<EndpointSubset> of(Service service, List<Pod> pods) {
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        if (servicePorts.isEmpty() && !ServicePods.isHeadless(service)) {
            return List.of();
        }
        boolean tolerateUnready = ServicePods.publishNotReady(service);
        // port set (as a sortable key) -> ports, ready addresses, not-ready addresses
        Map<String, Group> groups = new TreeMap<>();
        for (Pod pod : pods) {
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : servicePorts) {
                OptionalInt port = TargetPorts.resolve(sp, pod);
                if (port.isPresent()) {
                    ports.add(new EndpointPortBuilder().withName(sp.getName()).withPort(port.getAsInt())
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .withAppProtocol(sp.getAppProtocol()).build());
                }
            }
            if (ports.isEmpty() && !servicePorts.isEmpty()) {
                continue;
            }
            ports.sort(Comparator.comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
                    .thenComparing(EndpointPort::getPort));
            Group group = groups.computeIfAbsent(key(ports), k -> new Group(ports));
            (tolerateUnready || PodStates.isReady(pod) ? group.ready : group.notReady).add(address(service, pod));
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Group g : groups.values()) {
            g.ready.sort(BY_IP);
            g.notReady.sort(BY_IP);
            subsets.add(new EndpointSubsetBuilder()
                    .withAddresses(g.ready.isEmpty() ? null : g.ready)
                    .withNotReadyAddresses(g.notReady.isEmpty() ? null : g.notReady)
                    .withPorts(g.ports.isEmpty() ? null : g.ports).build());
        }
        return subsets;
    }

    /** Kubernetes' cap on the addresses of one Endpoints object; EndpointSlices have no such cap. */
    static final int MAX_CAPACITY = 1000;
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

    /**
     * Cuts {@code subsets} down to {@link #MAX_CAPACITY} addresses as Kubernetes does: not-ready
     * addresses go first; if the ready ones alone are too many, all not-ready ones go and the ready
     * ones are cut, each subset keeping its share rounded up. Returns whether anything was cut
     * (the Endpoints is then annotated {@code endpoints.kubernetes.io/over-capacity: truncated}).
     */
    static boolean truncate(List<EndpointSubset> subsets) {
        int ready = 0;
        int notReady = 0;
        for (EndpointSubset s : subsets) {
            ready += s.getAddresses() == null ? 0 : s.getAddresses().size();
            notReady += s.getNotReadyAddresses() == null ? 0 : s.getNotReadyAddresses().size();
        }
        if (ready + notReady <= MAX_CAPACITY) {
            return false;
        }
        boolean cutReady = ready > MAX_CAPACITY;
        int max = cutReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
        int total = cutReady ? ready : notReady;
        int room = max;
        for (EndpointSubset s : subsets) {
            List<EndpointAddress> list = cutReady ? s.getAddresses() : s.getNotReadyAddresses();
            int in = list == null ? 0 : list.size();
            int keep = Math.min(room, in == 0 ? 0 : ((in * max) - 1) / total + 1);
            List<EndpointAddress> kept = list == null ? null : new ArrayList<>(list.subList(0, Math.min(keep, in)));
            if (cutReady) {
                s.setAddresses(kept);
                s.setNotReadyAddresses(null);
            } else {
                s.setNotReadyAddresses(kept);
            }
            room -= kept == null ? 0 : kept.size();
        }
        return true;
    }

    private static final Comparator<EndpointAddress> BY_IP = Comparator
            .comparing((EndpointAddress a) -> ipKey(a.getIp()))
            .thenComparing(a -> a.getTargetRef() == null ? "" : a.getTargetRef().getUid());

    private static String ipKey(String ip) {
        StringBuilder key = new StringBuilder();
        for (String part : ip.split("\\.")) {
            key.append(String.format("%5s", part));
        }
        return key.toString();
    }

    private static String key(List<EndpointPort> ports) {
        StringBuilder key = new StringBuilder();
        for (EndpointPort p : ports) {
            key.append(p.getName()).append('/').append(p.getProtocol()).append('/')
                    .append(String.format("%05d", p.getPort())).append(';');
        }
        return key.toString();
    }

    static EndpointAddress address(Service service, Pod pod) {
        return new EndpointAddressBuilder()
                .withIp(PodStates.ip(pod))
                .withHostname(ServicePods.hostname(service, pod))
                .withNodeName(ServicePods.nodeName(pod))
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid()).build())
                .build();
    }

    private static final class Group {
        final List<EndpointPort> ports;
        final List<EndpointAddress> ready = new ArrayList<>();
        final List<EndpointAddress> notReady = new ArrayList<>();

        Group(List<EndpointPort> ports) {
            this.ports = ports;
        }
    }

    /** The labels of a service's Endpoints: the service's own, and whether it is headless. */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        if (ServicePods.isHeadless(service)) {
            labels.put("service.kubernetes.io/headless", "");
        } else {
            labels.remove("service.kubernetes.io/headless");
        }
        return labels;
    }
}
