package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Columns.age;
import static io.timonel.plugins.coreapi.support.Columns.count;
import static io.timonel.plugins.coreapi.support.Columns.integer;
import static io.timonel.plugins.coreapi.support.Columns.orNone;
import static io.timonel.plugins.coreapi.support.Columns.path;
import static io.timonel.plugins.coreapi.support.Columns.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1LimitRange;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodTemplate;
import io.kubernetes.client.openapi.models.V1ReplicationController;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.CellExtractor;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import java.util.List;
import io.timonel.spi.resource.PrinterColumn;
import java.util.ArrayList;

/** The core group, version v1 (apiVersion {@code v1}). */
public final class CoreV1Types {

    /** The model classes of the core/v1 kinds: every non-meta class they reach is a core/v1 type. */
    public static final List<Class<?>> MODELS = List.of(V1Namespace.class, V1Pod.class, V1Service.class,
            V1Endpoints.class, V1ConfigMap.class, V1Secret.class, V1ServiceAccount.class, V1Node.class,
            CoreV1Event.class, V1PersistentVolume.class, V1PersistentVolumeClaim.class, V1LimitRange.class,
            V1ResourceQuota.class, V1ReplicationController.class, V1PodTemplate.class);

    private CoreV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                kinds.define(V1Namespace.class, "", "v1", "Namespace", "namespaces")
                        .clusterScoped().shortNames("ns").statusSubresource()
                        .printerColumn(path("STATUS", "string", ".status.phase", "The phase of the namespace"))
                        .printerColumn(age())
                        .selectableField("status.phase")
                        .defaulter(new NamespaceDefaults())
                        .validator(Validation.names(NameRule.DNS1123_LABEL))
                        .build(),
                Kinds.columns(kinds.define(V1Pod.class, "", "v1", "Pod", "pods"), PodColumns.all())
                        .shortNames("po").categories("all").statusSubresource()
                        .selectableField("spec.nodeName").selectableField("spec.restartPolicy")
                        .selectableField("spec.schedulerName").selectableField("spec.serviceAccountName")
                        .selectableField("spec.hostNetwork", o -> String.valueOf(
                                o.path("spec").path("hostNetwork").asBoolean(false)))
                        .selectableField("status.phase").selectableField("status.podIP")
                        .selectableField("status.nominatedNodeName")
                        .defaulter(new PodDefaults())
                        .validator(PodValidation.validator())
                        .build(),
                Kinds.columns(kinds.define(V1Service.class, "", "v1", "Service", "services"), ServiceColumns.all())
                        .shortNames("svc").categories("all").statusSubresource()
                        .selectableField("spec.clusterIP").selectableField("spec.type")
                        .defaulter(new ServiceDefaults())
                        .validator(ServiceValidation.validator())
                        .build(),
                kinds.define(V1Endpoints.class, "", "v1", "Endpoints", "endpoints")
                        .singular("endpoints").shortNames("ep")
                        .printerColumn(string("ENDPOINTS", "The endpoints of the service", CoreColumns::endpoints))
                        .printerColumn(age())
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1ConfigMap.class, "", "v1", "ConfigMap", "configmaps")
                        .shortNames("cm")
                        .printerColumn(integer("DATA", "The number of keys", CoreColumns::dataCount))
                        .printerColumn(age())
                        .validator(ConfigDataValidation.configMaps())
                        .build(),
                kinds.define(V1Secret.class, "", "v1", "Secret", "secrets")
                        .printerColumn(path("TYPE", "string", ".type", "The type of the secret"))
                        .printerColumn(integer("DATA", "The number of keys", CoreColumns::dataCount))
                        .printerColumn(age())
                        .selectableField("type")
                        .defaulter(new SecretDefaults())
                        .validator(ConfigDataValidation.secrets())
                        .build(),
                kinds.define(V1ServiceAccount.class, "", "v1", "ServiceAccount", "serviceaccounts")
                        .shortNames("sa")
                        .printerColumn(integer("SECRETS", "The number of secrets",
                                o -> o.path("secrets").size()))
                        .printerColumn(age())
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1Node.class, "", "v1", "Node", "nodes")
                        .clusterScoped().shortNames("no").statusSubresource()
                        .printerColumn(string("STATUS", "The readiness of the node", CoreColumns::nodeStatus))
                        .printerColumn(string("ROLES", "The roles of the node", CoreColumns::nodeRoles))
                        .printerColumn(age())
                        .printerColumn(path("VERSION", "string", ".status.nodeInfo.kubeletVersion",
                                "The version of the node agent"))
                        .printerColumn(string("INTERNAL-IP", "The internal address",
                                o -> CoreColumns.nodeAddress(o, "InternalIP")).wide())
                        .printerColumn(string("EXTERNAL-IP", "The external address",
                                o -> CoreColumns.nodeAddress(o, "ExternalIP")).wide())
                        .printerColumn(orNone("OS-IMAGE", ".status.nodeInfo.osImage", "The OS image").wide())
                        .printerColumn(orNone("KERNEL-VERSION", ".status.nodeInfo.kernelVersion",
                                "The kernel version").wide())
                        .printerColumn(orNone("CONTAINER-RUNTIME", ".status.nodeInfo.containerRuntimeVersion",
                                "The container runtime and its version").wide())
                        .selectableField("spec.unschedulable", o -> String.valueOf(
                                o.path("spec").path("unschedulable").asBoolean(false)))
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                event(kinds),
                kinds.define(V1PersistentVolume.class, "", "v1", "PersistentVolume", "persistentvolumes")
                        .clusterScoped().shortNames("pv").statusSubresource()
                        .printerColumn(path("CAPACITY", "string", ".spec.capacity.storage", "The capacity"))
                        .printerColumn(string("ACCESS MODES", "The access modes",
                                o -> CoreColumns.accessModes(o.path("spec").path("accessModes"))))
                        .printerColumn(path("RECLAIM POLICY", "string", ".spec.persistentVolumeReclaimPolicy",
                                "What happens to the volume when released"))
                        .printerColumn(path("STATUS", "string", ".status.phase", "The phase of the volume"))
                        .printerColumn(string("CLAIM", "The claim bound to the volume", CoreColumns::claim))
                        .printerColumn(path("STORAGECLASS", "string", ".spec.storageClassName", "The storage class"))
                        .printerColumn(unset("VOLUMEATTRIBUTESCLASS", ".spec.volumeAttributesClassName"))
                        .printerColumn(path("REASON", "string", ".status.reason", "Why the volume is in its phase"))
                        .printerColumn(age())
                        .printerColumn(path("VOLUMEMODE", "string", ".spec.volumeMode", "The volume mode").wide())
                        .defaulter(VolumeRules.volumeDefaulter())
                        .validator(VolumeRules.volumeValidator())
                        .build(),
                kinds.define(V1PersistentVolumeClaim.class, "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims")
                        .shortNames("pvc").statusSubresource()
                        .printerColumn(path("STATUS", "string", ".status.phase", "The phase of the claim"))
                        .printerColumn(path("VOLUME", "string", ".spec.volumeName", "The bound volume"))
                        .printerColumn(path("CAPACITY", "string", ".status.capacity.storage", "The capacity"))
                        .printerColumn(string("ACCESS MODES", "The access modes",
                                o -> CoreColumns.accessModes(o.path("status").path("accessModes"))))
                        .printerColumn(path("STORAGECLASS", "string", ".spec.storageClassName", "The storage class"))
                        .printerColumn(unset("VOLUMEATTRIBUTESCLASS", ".spec.volumeAttributesClassName"))
                        .printerColumn(age())
                        .printerColumn(path("VOLUMEMODE", "string", ".spec.volumeMode", "The volume mode").wide())
                        .defaulter(VolumeRules.claimDefaulter())
                        .validator(VolumeRules.claimValidator())
                        .build(),
                kinds.define(V1LimitRange.class, "", "v1", "LimitRange", "limitranges")
                        .shortNames("limits")
                        .printerColumn(Columns.createdAt())
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1ResourceQuota.class, "", "v1", "ResourceQuota", "resourcequotas")
                        .shortNames("quota").statusSubresource()
                        .printerColumn(age())
                        .printerColumn(string("REQUEST", "Used and hard requests", o -> quota(o, false)))
                        .printerColumn(string("LIMIT", "Used and hard limits", o -> quota(o, true)))
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1ReplicationController.class, "", "v1", "ReplicationController", "replicationcontrollers")
                        .shortNames("rc").categories("all").statusSubresource()
                        .scale(ScaleSubresource.STANDARD)
                        .printerColumn(count("DESIRED", ".spec.replicas", "The desired number of pods"))
                        .printerColumn(count("CURRENT", ".status.replicas", "The current number of pods"))
                        .printerColumn(count("READY", ".status.readyReplicas", "The number of ready pods"))
                        .printerColumn(age())
                        .selectableField("status.replicas", o -> String.valueOf(Json.number(o, 0, "status", "replicas")))
                        .defaulter(ReplicationControllerRules.defaulter())
                        .validator(ReplicationControllerRules.validator())
                        .build(),
                kinds.define(V1PodTemplate.class, "", "v1", "PodTemplate", "podtemplates")
                        .printerColumn(string("CONTAINERS", "The containers' names",
                                o -> Columns.joined(o.path("template").path("spec").path("containers"), "name")))
                        .printerColumn(string("IMAGES", "The containers' images",
                                o -> Columns.joined(o.path("template").path("spec").path("containers"), "image")))
                        .printerColumn(string("POD LABELS", "The pods' labels",
                                o -> Columns.formatLabels(o.path("template").path("metadata").path("labels"))))
                        .defaulter(ReplicationControllerRules.podTemplateDefaulter())
                        .validator(ReplicationControllerRules.podTemplateValidator())
                        .build());
    }

    private static ResourceType event(Kinds kinds) {
        ResourceType.Builder b = kinds.define(CoreV1Event.class, "", "v1", "Event", "events")
                .shortNames("ev")
                .printerColumn(new PrinterColumn("LAST SEEN", "date", "",
                        "When the event was last seen", 0, CoreColumns::eventLastSeen))
                .printerColumn(path("TYPE", "string", ".type", "Normal or Warning"))
                .printerColumn(path("REASON", "string", ".reason", "Why the event was emitted"))
                .printerColumn(string("OBJECT", "What the event is about",
                        o -> CoreColumns.eventObject(o, "involvedObject")))
                .printerColumn(orNone("SUBOBJECT", ".involvedObject.fieldPath", "The part of the object").wide())
                .printerColumn(string("SOURCE", "Who emitted the event", o -> {
                    String component = Json.text(o, "source", "component");
                    String host = Json.text(o, "source", "host");
                    return (component == null ? "" : component) + (host == null || host.isEmpty() ? "" : ", " + host);
                }).wide())
                .printerColumn(path("MESSAGE", "string", ".message", "What happened"))
                .printerColumn(path("FIRST SEEN", "date", ".firstTimestamp", "When the event was first seen").wide())
                .printerColumn(count("COUNT", ".count", "How often it happened").wide())
                .printerColumn(path("NAME", "string", ".metadata.name", "The event's name").wide())
                .selectableField("reason").selectableField("type").selectableField("reportingComponent")
                .selectableField("source", CellExtractor.path(".source.component"))
                .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN));
        for (String field : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                "fieldPath"}) {
            b.selectableField("involvedObject." + field);
        }
        return b.build();
    }

    private static PrinterColumn unset(String name, String jsonPath) {
        CellExtractor at = CellExtractor.path(jsonPath);
        return string(name, "The volume attributes class", o -> {
            Object value = at.cell(o);
            return value == null ? "<unset>" : value;
        });
    }

    /** {@code requests.cpu: 0/1, ...}: used over hard for the quota's request or limit resources. */
    private static String quota(JsonNode quota, boolean limits) {
        List<String> parts = new ArrayList<>();
        quota.path("status").path("hard").fields().forEachRemaining(e -> {
            boolean isLimit = e.getKey().startsWith("limits.");
            if (isLimit == limits) {
                String used = quota.path("status").path("used").path(e.getKey()).asText("0");
                parts.add(e.getKey() + ": " + used + "/" + e.getValue().asText());
            }
        });
        return String.join(", ", parts);
    }
}
