package io.timonel.plugins.coreapi.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1CSIDriver;
import io.kubernetes.client.openapi.models.V1CSINode;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1VolumeAttachment;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import io.timonel.spi.resource.PrinterColumn;
import java.util.ArrayList;

/** storage.k8s.io/v1: StorageClasses, CSIDrivers, CSINodes and VolumeAttachments (all cluster-scoped). */
public final class StorageV1Types {

    private static final String GROUP = "storage.k8s.io";
    private static final List<String> RECLAIM = List.of("Delete", "Retain");
    private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");

    private StorageV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                kinds.define(V1StorageClass.class, GROUP, "v1", "StorageClass", "storageclasses")
                        .clusterScoped().shortNames("sc")
                        .printerColumn(Columns.path("PROVISIONER", "string", ".provisioner", "Who provisions volumes"))
                        .printerColumn(Columns.path("RECLAIMPOLICY", "string", ".reclaimPolicy",
                                "What happens to released volumes"))
                        .printerColumn(Columns.path("VOLUMEBINDINGMODE", "string", ".volumeBindingMode",
                                "When volumes are bound"))
                        .printerColumn(Columns.string("ALLOWVOLUMEEXPANSION", "Whether volumes may grow",
                                o -> String.valueOf(o.path("allowVolumeExpansion").asBoolean(false))))
                        .printerColumn(Columns.age())
                        .defaulter(sc -> {
                            Json.defaultText(sc, "reclaimPolicy", "Delete");
                            Json.defaultText(sc, "volumeBindingMode", "Immediate");
                        })
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (sc, old, out) -> {
                            String provisioner = Json.text(sc, "provisioner");
                            if (provisioner == null || provisioner.isEmpty()) {
                                out.add(FieldViolation.required("provisioner"));
                            }
                            Validation.oneOf(Json.text(sc, "reclaimPolicy"), RECLAIM, FieldPath.of("reclaimPolicy"), out);
                            Validation.oneOf(Json.text(sc, "volumeBindingMode"), BINDING_MODES,
                                    FieldPath.of("volumeBindingMode"), out);
                            if (old != null) {
                                if (!String.valueOf(sc.get("parameters")).equals(String.valueOf(old.get("parameters")))) {
                                    out.add(FieldViolation.forbidden("parameters", "updates to parameters are forbidden."));
                                }
                                if (provisioner != null && !provisioner.equals(Json.text(old, "provisioner"))) {
                                    out.add(FieldViolation.forbidden("provisioner",
                                            "updates to provisioner are forbidden."));
                                }
                                if (!String.valueOf(sc.get("reclaimPolicy")).equals(String.valueOf(old.get("reclaimPolicy")))) {
                                    out.add(FieldViolation.forbidden("reclaimPolicy",
                                            "updates to reclaimPolicy are forbidden."));
                                }
                            }
                        }))
                        .build(),
                kinds.define(V1CSIDriver.class, GROUP, "v1", "CSIDriver", "csidrivers")
                        .clusterScoped()
                        .printerColumn(bool("ATTACHREQUIRED", "attachRequired"))
                        .printerColumn(bool("PODINFOONMOUNT", "podInfoOnMount"))
                        .printerColumn(bool("STORAGECAPACITY", "storageCapacity"))
                        .printerColumn(Columns.string("TOKENREQUESTS", "Audiences of requested tokens", o -> {
                            List<String> audiences = new ArrayList<>();
                            o.path("spec").path("tokenRequests").forEach(t -> audiences.add(t.path("audience").asText()));
                            return audiences.isEmpty() ? "<unset>" : String.join(",", audiences);
                        }))
                        .printerColumn(bool("REQUIRESREPUBLISH", "requiresRepublish"))
                        .printerColumn(Columns.string("MODES", "Volume lifecycle modes",
                                o -> {
                                    List<String> modes = new ArrayList<>();
                                    o.path("spec").path("volumeLifecycleModes").forEach(m -> modes.add(m.asText()));
                                    return String.join(",", modes);
                                }))
                        .printerColumn(Columns.age())
                        .defaulter(driver -> {
                            ObjectNode spec = Json.object(driver, "spec");
                            Json.defaultBoolean(spec, "attachRequired", true);
                            Json.defaultBoolean(spec, "podInfoOnMount", false);
                            Json.defaultBoolean(spec, "storageCapacity", false);
                            Json.defaultBoolean(spec, "requiresRepublish", false);
                            Json.defaultBoolean(spec, "seLinuxMount", false);
                            Json.defaultText(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
                            if (Json.unset(spec, "volumeLifecycleModes")) {
                                spec.putArray("volumeLifecycleModes").add("Persistent");
                            }
                        })
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1CSINode.class, GROUP, "v1", "CSINode", "csinodes")
                        .clusterScoped()
                        .printerColumn(Columns.integer("DRIVERS", "The drivers on the node",
                                o -> o.path("spec").path("drivers").size()))
                        .printerColumn(Columns.age())
                        .validator(Validation.names(NameRule.DNS1123_SUBDOMAIN))
                        .build(),
                kinds.define(V1VolumeAttachment.class, GROUP, "v1", "VolumeAttachment", "volumeattachments")
                        .clusterScoped().statusSubresource()
                        .printerColumn(Columns.path("ATTACHER", "string", ".spec.attacher", "The attaching driver"))
                        .printerColumn(Columns.path("PV", "string", ".spec.source.persistentVolumeName", "The volume"))
                        .printerColumn(Columns.path("NODE", "string", ".spec.nodeName", "The node"))
                        .printerColumn(Columns.string("ATTACHED", "Whether the volume is attached",
                                o -> String.valueOf(o.path("status").path("attached").asBoolean(false))))
                        .printerColumn(Columns.age())
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (va, old, out) -> {
                            JsonNode spec = va.path("spec");
                            for (String field : new String[] {"attacher", "nodeName"}) {
                                String value = Json.text(spec, field);
                                if (value == null || value.isEmpty()) {
                                    out.add(FieldViolation.required("spec." + field));
                                }
                            }
                            if (old != null) {
                                Validation.immutable(spec, old.get("spec"), FieldPath.of("spec"), out);
                            }
                        }))
                        .build());
    }

    private static PrinterColumn bool(String name, String field) {
        return Columns.string(name, "spec." + field,
                o -> o.path("spec").has(field) ? String.valueOf(o.path("spec").path(field).asBoolean()) : "<unset>");
    }
}
