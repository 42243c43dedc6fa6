package io.timonel.plugins.coreapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoreApiTypesTest {

    private static List<ResourceType> types;
    private static Map<String, ResourceType> byKey;

    @BeforeAll
    static void build() {
        types = new CoreApiTypes(Clock.systemUTC()).resourceTypes();
        byKey = new HashMap<>();
        types.forEach(t -> byKey.put(key(t.group(), t.version(), t.plural()), t));
    }

    private static String key(String group, String version, String plural) {
        return plural + "." + group + "/" + version;
    }

    private static ResourceType type(String group, String version, String plural) {
        ResourceType t = byKey.get(key(group, version, plural));
        assertNotNull(t, "missing " + key(group, version, plural));
        return t;
    }

    @Test
    void everyBuiltInTypeIsRegisteredExactlyOnce() {
        Set<String> expected = new TreeSet<>(List.of(
                key("", "v1", "namespaces"), key("", "v1", "pods"), key("", "v1", "services"),
                key("", "v1", "endpoints"), key("", "v1", "configmaps"), key("", "v1", "secrets"),
                key("", "v1", "serviceaccounts"), key("", "v1", "nodes"), key("", "v1", "events"),
                key("", "v1", "persistentvolumes"), key("", "v1", "persistentvolumeclaims"),
                key("", "v1", "limitranges"), key("", "v1", "resourcequotas"),
                key("", "v1", "replicationcontrollers"), key("", "v1", "podtemplates"),
                key("apps", "v1", "deployments"), key("apps", "v1", "replicasets"),
                key("apps", "v1", "statefulsets"), key("apps", "v1", "daemonsets"),
                key("apps", "v1", "controllerrevisions"),
                key("batch", "v1", "jobs"), key("batch", "v1", "cronjobs"),
                key("autoscaling", "v1", "horizontalpodautoscalers"),
                key("autoscaling", "v2", "horizontalpodautoscalers"),
                key("coordination.k8s.io", "v1", "leases"),
                key("discovery.k8s.io", "v1", "endpointslices"),
                key("networking.k8s.io", "v1", "ingresses"), key("networking.k8s.io", "v1", "ingressclasses"),
                key("networking.k8s.io", "v1", "networkpolicies"),
                key("rbac.authorization.k8s.io", "v1", "roles"), key("rbac.authorization.k8s.io", "v1", "rolebindings"),
                key("rbac.authorization.k8s.io", "v1", "clusterroles"),
                key("rbac.authorization.k8s.io", "v1", "clusterrolebindings"),
                key("storage.k8s.io", "v1", "storageclasses"), key("storage.k8s.io", "v1", "csidrivers"),
                key("storage.k8s.io", "v1", "csinodes"), key("storage.k8s.io", "v1", "volumeattachments"),
                key("policy", "v1", "poddisruptionbudgets"),
                key("events.k8s.io", "v1", "events"),
                key("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations"),
                key("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations"),
                key("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies"),
                key("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings"),
                key("apiextensions.k8s.io", "v1", "customresourcedefinitions"),
                key("scheduling.k8s.io", "v1", "priorityclasses")));
        List<String> registered = types.stream().map(t -> key(t.group(), t.version(), t.plural())).toList();
        assertEquals(registered.size(), Set.copyOf(registered).size(), "duplicates in " + registered);
        assertEquals(expected, new TreeSet<>(registered));
    }

    @Test
    void shortNamesAreKubernetes() {
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry(key("", "v1", "pods"), List.of("po")), Map.entry(key("", "v1", "services"), List.of("svc")),
                Map.entry(key("", "v1", "endpoints"), List.of("ep")),
                Map.entry(key("", "v1", "configmaps"), List.of("cm")),
                Map.entry(key("", "v1", "namespaces"), List.of("ns")), Map.entry(key("", "v1", "nodes"), List.of("no")),
                Map.entry(key("", "v1", "serviceaccounts"), List.of("sa")),
                Map.entry(key("", "v1", "events"), List.of("ev")),
                Map.entry(key("", "v1", "persistentvolumes"), List.of("pv")),
                Map.entry(key("", "v1", "persistentvolumeclaims"), List.of("pvc")),
                Map.entry(key("", "v1", "limitranges"), List.of("limits")),
                Map.entry(key("", "v1", "resourcequotas"), List.of("quota")),
                Map.entry(key("", "v1", "replicationcontrollers"), List.of("rc")),
                Map.entry(key("apps", "v1", "deployments"), List.of("deploy")),
                Map.entry(key("apps", "v1", "replicasets"), List.of("rs")),
                Map.entry(key("apps", "v1", "statefulsets"), List.of("sts")),
                Map.entry(key("apps", "v1", "daemonsets"), List.of("ds")),
                Map.entry(key("batch", "v1", "cronjobs"), List.of("cj")),
                Map.entry(key("autoscaling", "v2", "horizontalpodautoscalers"), List.of("hpa")),
                Map.entry(key("networking.k8s.io", "v1", "ingresses"), List.of("ing")),
                Map.entry(key("networking.k8s.io", "v1", "networkpolicies"), List.of("netpol")),
                Map.entry(key("policy", "v1", "poddisruptionbudgets"), List.of("pdb")),
                Map.entry(key("storage.k8s.io", "v1", "storageclasses"), List.of("sc")),
                Map.entry(key("apiextensions.k8s.io", "v1", "customresourcedefinitions"), List.of("crd", "crds")),
                Map.entry(key("scheduling.k8s.io", "v1", "priorityclasses"), List.of("pc")),
                Map.entry(key("", "v1", "secrets"), List.of()),
                Map.entry(key("batch", "v1", "jobs"), List.of()));
        expected.forEach((k, names) -> assertEquals(names, byKey.get(k).shortNames(), k));
    }

    @Test
    void categoryAllHoldsTheWorkloads() {
        Set<String> all = types.stream().filter(t -> t.categories().contains("all")).map(ResourceType::plural)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("pods", "services", "deployments", "replicasets", "statefulsets",
                "daemonsets", "jobs", "cronjobs", "replicationcontrollers", "horizontalpodautoscalers")), all);
    }

    @Test
    void scopesAndSubresourcesAreKubernetes() {
        for (String plural : List.of("namespaces", "nodes", "persistentvolumes")) {
            assertTrue(!type("", "v1", plural).namespaced(), plural);
        }
        assertTrue(!type("apiextensions.k8s.io", "v1", "customresourcedefinitions").namespaced());
        assertTrue(!type("rbac.authorization.k8s.io", "v1", "clusterroles").namespaced());
        assertTrue(type("rbac.authorization.k8s.io", "v1", "roles").namespaced());
        assertTrue(type("", "v1", "pods").namespaced());
        assertTrue(type("", "v1", "pods").statusSubresource());
        assertTrue(type("apiextensions.k8s.io", "v1", "customresourcedefinitions").statusSubresource());
        assertTrue(!type("", "v1", "configmaps").statusSubresource());
        for (String plural : List.of("deployments", "replicasets", "statefulsets")) {
            assertEquals(ScaleSubresource.STANDARD, type("apps", "v1", plural).scale(), plural);
        }
        assertNotNull(type("", "v1", "replicationcontrollers").scale());
        assertNull(type("apps", "v1", "daemonsets").scale());
        assertEquals("endpoints", type("", "v1", "endpoints").singular());
        assertEquals("EndpointsList", type("", "v1", "endpoints").listKind());
    }

    @Test
    void everyTypeHasASchemaRootedAtItsKind() {
        for (ResourceType t : types) {
            assertNotNull(t.schema(), t.toString());
            assertEquals(t.kind(), t.schema().rootSchema().path("x-kubernetes-group-version-kind").path(0)
                    .path("kind").asText(), t.toString());
            assertTrue(t.schema().root().endsWith("." + t.version() + "." + t.kind()), t.schema().root());
        }
    }

    @Test
    void selectableFieldsIncludeKubernetesOnes() {
        assertTrue(type("", "v1", "pods").selectableFields().keySet().containsAll(List.of("spec.nodeName",
                "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase",
                "status.podIP", "status.nominatedNodeName")));
        assertTrue(type("", "v1", "events").selectableFields().keySet().containsAll(List.of(
                "involvedObject.kind", "involvedObject.name", "involvedObject.namespace", "involvedObject.uid",
                "reason", "source", "type")));
        assertTrue(type("", "v1", "secrets").selectableFields().containsKey("type"));
        assertTrue(type("", "v1", "namespaces").selectableFields().containsKey("status.phase"));
        assertTrue(type("batch", "v1", "jobs").selectableFields().containsKey("status.successful"));
        assertTrue(type("apps", "v1", "replicasets").selectableFields().containsKey("status.replicas"));
        assertTrue(type("", "v1", "services").selectableFields().keySet()
                .containsAll(List.of("spec.clusterIP", "spec.type")));
        var unschedulable = type("", "v1", "nodes").selectableFields().get("spec.unschedulable");
        assertEquals("false", unschedulable.cell(io.timonel.plugins.coreapi.support.Fixtures.json("{spec:{}}")));
    }

    @Test
    void printerColumnsFollowKubectl() {
        assertEquals(List.of("READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"),
                headers(type("", "v1", "pods")));
        assertEquals(List.of("READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"),
                headers(type("apps", "v1", "deployments")));
        assertEquals(List.of("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"),
                headers(type("", "v1", "services")));
        assertEquals(List.of("DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE",
                "CONTAINERS", "IMAGES", "SELECTOR"), headers(type("apps", "v1", "daemonsets")));
        assertEquals(List.of("STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE",
                "KERNEL-VERSION", "CONTAINER-RUNTIME"), headers(type("", "v1", "nodes")));
        assertEquals(List.of("STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"),
                headers(type("batch", "v1", "jobs")));
        assertEquals(List.of("DATA", "AGE"), headers(type("", "v1", "configmaps")));
        assertEquals(List.of("TYPE", "DATA", "AGE"), headers(type("", "v1", "secrets")));
        assertEquals(List.of("CREATED AT"), headers(type("apiextensions.k8s.io", "v1", "customresourcedefinitions")));
        assertEquals("date", type("", "v1", "pods").printerColumns().get(3).type());
        assertEquals(1, type("", "v1", "pods").printerColumns().get(4).priority());
    }

    private static List<String> headers(ResourceType t) {
        return t.printerColumns().stream().map(c -> c.name()).toList();
    }
}
