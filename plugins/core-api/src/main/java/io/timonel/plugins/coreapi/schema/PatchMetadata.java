package io.timonel.plugins.coreapi.schema;

import static io.timonel.plugins.coreapi.schema.ListSemantics.atomic;
import static io.timonel.plugins.coreapi.schema.ListSemantics.mergeByKey;
import static io.timonel.plugins.coreapi.schema.ListSemantics.mergeByKeys;
import static io.timonel.plugins.coreapi.schema.ListSemantics.mergeSet;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;

/**
 * The merge semantics of built-in fields, as facts taken from Kubernetes' API types (the model
 * classes do not carry them). Keyed by definition name and JSON property. Lists not named here
 * are replaced as a whole by strategic merge patch, which is also Kubernetes' default.
 */
public final class PatchMetadata {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";

    private static final Map<String, ListSemantics> FIELDS = new HashMap<>();
    private static final Map<String, String> KEY_DEFAULTS = Map.of(
            CORE + "ServicePort/protocol", "TCP",
            CORE + "ContainerPort/protocol", "TCP");

    /** Structs that server-side apply treats as one value ({@code +structType=atomic}). */
    private static final Set<String> ATOMIC_STRUCTS = Set.of(
            META + "LabelSelector", CORE + "LocalObjectReference", CORE + "ObjectReference",
            CORE + "TypedLocalObjectReference", CORE + "ConfigMapKeySelector", CORE + "SecretKeySelector",
            CORE + "ObjectFieldSelector", CORE + "ResourceFieldSelector", CORE + "NodeSelector");

    static {
        ListSemantics byName = mergeByKey("name");
        ListSemantics byType = mergeByKey("type");

        put(META + "ObjectMeta", "ownerReferences", mergeByKey("uid"));
        put(META + "ObjectMeta", "finalizers", mergeSet());
        put(META + "ObjectMeta", "managedFields", atomic());

        put(CORE + "PodSpec", "containers", byName);
        put(CORE + "PodSpec", "initContainers", byName);
        put(CORE + "PodSpec", "ephemeralContainers", byName);
        put(CORE + "PodSpec", "volumes", byName.withPatchStrategy("merge,retainKeys"));
        put(CORE + "PodSpec", "imagePullSecrets", byName);
        put(CORE + "PodSpec", "hostAliases", mergeByKey("ip"));
        put(CORE + "PodSpec", "topologySpreadConstraints",
                mergeByKeys("topologyKey", "topologyKey", "whenUnsatisfiable"));
        put(CORE + "PodSpec", "tolerations", atomic());
        put(CORE + "PodSpec", "readinessGates", atomic());
        put(CORE + "PodSpec", "resourceClaims", byName.withPatchStrategy("merge,retainKeys"));
        put(CORE + "PodSpec", "schedulingGates", byName);
        for (String container : new String[] {"Container", "EphemeralContainer"}) {
            put(CORE + container, "ports", mergeByKeys("containerPort", "containerPort", "protocol"));
            put(CORE + container, "env", byName);
            put(CORE + container, "volumeMounts", mergeByKey("mountPath"));
            put(CORE + container, "volumeDevices", mergeByKey("devicePath"));
            put(CORE + container, "envFrom", atomic());
            put(CORE + container, "command", atomic());
            put(CORE + container, "args", atomic());
            put(CORE + container, "resizePolicy", atomic());
        }
        put(CORE + "PodStatus", "conditions", byType);
        put(CORE + "PodStatus", "podIPs", mergeByKey("ip"));
        put(CORE + "PodStatus", "hostIPs", new ListSemantics("atomic", List.of(), "merge", "ip"));
        put(CORE + "PodStatus", "containerStatuses", atomic());
        put(CORE + "PodStatus", "initContainerStatuses", atomic());
        put(CORE + "PodStatus", "ephemeralContainerStatuses", atomic());
        put(CORE + "PodStatus", "resourceClaimStatuses", byName.withPatchStrategy("merge,retainKeys"));

        put(CORE + "ServiceSpec", "ports", mergeByKeys("port", "port", "protocol"));
        put(CORE + "ServiceSpec", "clusterIPs", atomic());
        put(CORE + "ServiceSpec", "externalIPs", atomic());
        put(CORE + "ServiceSpec", "ipFamilies", atomic());
        put(CORE + "ServiceSpec", "loadBalancerSourceRanges", atomic());
        put(CORE + "ServiceStatus", "conditions", byType);
        put(CORE + "LoadBalancerStatus", "ingress", atomic());
        put(CORE + "ServiceAccount", "secrets", byName);
        put(CORE + "ServiceAccount", "imagePullSecrets", atomic());
        put(CORE + "Endpoints", "subsets", atomic());
        put(CORE + "EndpointSubset", "addresses", atomic());
        put(CORE + "EndpointSubset", "notReadyAddresses", atomic());
        put(CORE + "EndpointSubset", "ports", atomic());
        put(CORE + "NodeSpec", "podCIDRs", mergeSet());
        put(CORE + "NodeSpec", "taints", atomic());
        put(CORE + "NodeStatus", "addresses", byType);
        put(CORE + "NodeStatus", "conditions", byType);
        put(CORE + "NodeStatus", "images", atomic());
        put(CORE + "NodeStatus", "volumesInUse", atomic());
        put(CORE + "NodeStatus", "volumesAttached", atomic());
        put(CORE + "NamespaceSpec", "finalizers", atomic());
        put(CORE + "NamespaceStatus", "conditions", byType);
        put(CORE + "PersistentVolumeClaimStatus", "conditions", byType);
        put(CORE + "PersistentVolumeClaimSpec", "accessModes", atomic());
        put(CORE + "PersistentVolumeSpec", "accessModes", atomic());
        put(CORE + "PersistentVolumeSpec", "mountOptions", atomic());
        put(CORE + "ReplicationControllerStatus", "conditions", byType);
        put(CORE + "LimitRangeSpec", "limits", atomic());
        put(CORE + "ResourceQuotaSpec", "scopes", atomic());

        put(APPS + "DeploymentSpec", "strategy", ListSemantics.patchStrategyOnly("retainKeys"));
        put(APPS + "DeploymentStatus", "conditions", byType);
        put(APPS + "ReplicaSetStatus", "conditions", byType);
        put(APPS + "StatefulSetStatus", "conditions", byType);
        put(APPS + "DaemonSetStatus", "conditions", byType);
        put(APPS + "StatefulSetSpec", "volumeClaimTemplates", atomic());

        put("io.k8s.api.batch.v1.JobStatus", "conditions",
                new ListSemantics("atomic", List.of(), "merge", "type"));
        put("io.k8s.api.batch.v1.CronJobStatus", "active", atomic());
        put("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "conditions", byType);
        put("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "metrics", atomic());
        put("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "currentMetrics", atomic());
        put("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", byType);
        put("io.k8s.api.storage.v1.CSINodeSpec", "drivers", byName);
        put("io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration", "webhooks", byName);
        put("io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration", "webhooks", byName);
        put("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus", "conditions",
                new ListSemantics("map", List.of("type"), null, null));
        put("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus",
                "conditions", new ListSemantics("map", List.of("type"), null, null));
        put("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec",
                "versions", atomic());
    }

    private PatchMetadata() {
    }

    private static void put(String definition, String property, ListSemantics semantics) {
        FIELDS.put(definition + "/" + property, semantics);
    }

    /** The semantics of {@code property} of {@code definition}, or {@code null} when none declared. */
    public static ListSemantics of(String definition, String property) {
        return FIELDS.get(definition + "/" + property);
    }

    /**
     * The schema default of {@code property} of {@code definition}, or {@code null}: only those of
     * list-map key fields, which server-side apply uses when an applied item leaves its key out
     * (a Service port without {@code protocol} is the TCP one).
     */
    public static String defaultOf(String definition, String property) {
        return KEY_DEFAULTS.get(definition + "/" + property);
    }

    /** Whether the definition is a struct that server-side apply replaces as a whole. */
    public static boolean isAtomicStruct(String definition) {
        return ATOMIC_STRUCTS.contains(definition);
    }
}
