package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Defaults and validation of PersistentVolumes and PersistentVolumeClaims. */
public final class VolumeRules {

    private static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
            "ReadWriteOncePod");
    private static final List<String> RECLAIM = List.of("Recycle", "Delete", "Retain");
    private static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");

    private VolumeRules() {
    }

    public static ObjectDefaulter claimDefaulter() {
        return claim -> {
            Json.defaultText(Json.object(claim, "spec"), "volumeMode", "Filesystem");
            Json.defaultText(Json.object(claim, "status"), "phase", "Pending");
        };
    }

    public static ObjectDefaulter volumeDefaulter() {
        return volume -> {
            ObjectNode spec = Json.object(volume, "spec");
            Json.defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
            Json.defaultText(spec, "volumeMode", "Filesystem");
            Json.defaultText(Json.object(volume, "status"), "phase", "Pending");
        };
    }

    public static ObjectValidator claimValidator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (claim, old, out) -> {
            JsonNode spec = claim.path("spec");
            FieldPath at = FieldPath.of("spec");
            accessModes(spec, at, out);
            Validation.oneOf(Json.text(spec, "volumeMode"), VOLUME_MODES, at.child("volumeMode"), out);
            JsonNode storage = spec.path("resources").path("requests").get("storage");
            if (storage == null || storage.isNull()) {
                out.add(FieldViolation.required("spec.resources[storage]"));
            }
            if (old != null && old.path("spec").isObject() && spec.isObject()) {
                ObjectNode now = spec.deepCopy();
                ObjectNode before = old.path("spec").deepCopy();
                // Binding sets volumeName once; expansion changes the requests.
                for (ObjectNode s : List.of(now, before)) {
                    s.remove(List.of("volumeAttributesClassName"));
                    if (s.get("resources") instanceof ObjectNode resources) {
                        resources.remove("requests");
                    }
                }
                if (Json.text(before, "volumeName") == null || Json.text(before, "volumeName").isEmpty()) {
                    now.remove("volumeName");
                    before.remove("volumeName");
                }
                if (!now.equals(before)) {
                    out.add(FieldViolation.forbidden("spec", "spec is immutable after creation except "
                            + "resources.requests and volumeAttributesClassName for bound claims"));
                }
            }
        });
    }

    public static ObjectValidator volumeValidator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (volume, old, out) -> {
            JsonNode spec = volume.path("spec");
            FieldPath at = FieldPath.of("spec");
            accessModes(spec, at, out);
            JsonNode storage = spec.path("capacity").get("storage");
            if (storage == null || storage.isNull()) {
                out.add(FieldViolation.required("spec.capacity"));
            }
            Validation.oneOf(Json.text(spec, "persistentVolumeReclaimPolicy"), RECLAIM,
                    at.child("persistentVolumeReclaimPolicy"), out);
            Validation.oneOf(Json.text(spec, "volumeMode"), VOLUME_MODES, at.child("volumeMode"), out);
        });
    }

    private static void accessModes(JsonNode spec, FieldPath at, List<FieldViolation> out) {
        JsonNode modes = spec.path("accessModes");
        if (modes.size() == 0) {
            out.add(new FieldViolation(FieldViolation.Type.REQUIRED, at.child("accessModes").path(),
                    "Required value: at least 1 access mode is required"));
        }
        for (JsonNode mode : modes) {
            Validation.oneOf(mode.asText(), ACCESS_MODES, at.child("accessModes"), out);
        }
    }
}
