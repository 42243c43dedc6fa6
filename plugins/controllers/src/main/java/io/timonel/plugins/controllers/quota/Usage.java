package io.timonel.plugins.controllers.quota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.timonel.plugins.controllers.kit.PodStates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one object charges against a ResourceQuota, under the names of {@code spec.hard}, as
 * Kubernetes' quota evaluators count: pods (count, requests and limits of the pod as the
 * scheduler sees it, the older bare {@code cpu}/{@code memory} names meaning requests), services
 * (count, load balancers, node ports), claims (count, storage, per storage class), and a count
 * for everything else. Finished pods, and pods whose deletion grace has run out, charge nothing.
 */
final class Usage {
    private static final Quantities ONE = new Quantities(java.math.BigDecimal.ONE, false);
    private static final String STORAGE_CLASS = ".storageclass.storage.k8s.io/";

    private Usage() {
    }

    static boolean charges(Pod pod, Instant now) {
        if (PodStates.isTerminal(pod)) {
            return false;
        }
        String deletion = pod.getMetadata().getDeletionTimestamp();
        return deletion == null || Instant.parse(deletion).isAfter(now);
    }

    static Map<String, Quantities> of(Pod pod) {
        Map<String, Quantities> usage = new TreeMap<>();
        usage.put("pods", ONE);
        usage.put("count/pods", ONE);
        podTotal(pod, "requests").forEach((name, q) -> {
            usage.put("requests." + name, q);
            if (name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage")) {
                usage.put(name, q);
            }
        });
        podTotal(pod, "limits").forEach((name, q) -> usage.put("limits." + name, q));
        return usage;
    }

    static Map<String, Quantities> of(Service service) {
        Map<String, Quantities> usage = new TreeMap<>();
        usage.put("services", ONE);
        usage.put("count/services", ONE);
        String type = service.getSpec() == null || service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
        int ports = service.getSpec() == null || service.getSpec().getPorts() == null ? 0 : service.getSpec().getPorts().size();
        Quantities portCount = new Quantities(java.math.BigDecimal.valueOf(ports), false);
        if (type.equals("LoadBalancer")) {
            usage.put("services.loadbalancers", ONE);
            if (!Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts())) {
                usage.put("services.nodeports", portCount);
            }
        } else if (type.equals("NodePort")) {
            usage.put("services.nodeports", portCount);
        }
        return usage;
    }

    static Map<String, Quantities> of(PersistentVolumeClaim claim) {
        Map<String, Quantities> usage = new TreeMap<>();
        usage.put("persistentvolumeclaims", ONE);
        usage.put("count/persistentvolumeclaims", ONE);
        Quantity storage = claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        Quantities amount = storage == null ? null : Quantities.parse(storage.toString()).orElse(null);
        String storageClass = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        if (amount != null) {
            usage.put("requests.storage", amount);
        }
        if (storageClass != null && !storageClass.isEmpty()) {
            usage.put(storageClass + STORAGE_CLASS + "persistentvolumeclaims", ONE);
            if (amount != null) {
                usage.put(storageClass + STORAGE_CLASS + "requests.storage", amount);
            }
        }
        return usage;
    }

    /** A plain count: {@code configmaps}, {@code secrets}, ... and {@code count/<resource>}. */
    static Map<String, Quantities> counted(String resource) {
        return Map.of(resource, ONE, "count/" + resource, ONE);
    }

    /**
     * The pod's {@code requests} or {@code limits}: the sum over its containers and sidecars, or
     * the largest init container if more, plus the pod overhead.
     */
    static Map<String, Quantities> podTotal(Pod pod, String field) {
        Map<String, Quantities> sum = new TreeMap<>();
        if (pod.getSpec() == null) {
            return sum;
        }
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            addInto(sum, resources(c, field));
        }
        Map<String, Quantities> initMax = new TreeMap<>();
        for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
            if ("Always".equals(c.getRestartPolicy())) {
                addInto(sum, resources(c, field));
            } else {
                resources(c, field).forEach((k, v) -> initMax.merge(k, v,
                        (a, b) -> a.value().compareTo(b.value()) >= 0 ? a : b));
            }
        }
        initMax.forEach((k, v) -> sum.merge(k, v, (a, b) -> a.value().compareTo(b.value()) >= 0 ? a : b));
        if (pod.getSpec().getOverhead() != null) {
            Map<String, Quantities> overhead = new TreeMap<>();
            pod.getSpec().getOverhead().forEach((k, q) -> Quantities.parse(q.toString()).ifPresent(v -> overhead.put(k, v)));
            addInto(sum, overhead);
        }
        return sum;
    }

    private static Map<String, Quantities> resources(Container c, String field) {
        Map<String, Quantities> out = new TreeMap<>();
        if (c.getResources() == null) {
            return out;
        }
        Map<String, Quantity> list = field.equals("requests") ? c.getResources().getRequests() : c.getResources().getLimits();
        if (list != null) {
            list.forEach((k, q) -> Quantities.parse(q.toString()).ifPresent(v -> out.put(k, v)));
        }
        return out;
    }

    static void addInto(Map<String, Quantities> total, Map<String, Quantities> more) {
        more.forEach((k, v) -> total.merge(k, v, Quantities::plus));
    }
}
