package io.timonel.plugins.coreapi.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import java.util.Set;
import io.timonel.plugins.coreapi.support.FieldPath;

/** scheduling.k8s.io/v1: PriorityClasses. */
public final class SchedulingV1Types {

    /** The highest priority a user-defined class may have; above are the system classes. */
    public static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
    private static final Set<String> SYSTEM_CLASSES = Set.of("system-node-critical", "system-cluster-critical");
    private static final List<String> PREEMPTION = List.of("PreemptLowerPriority", "Never");

    private SchedulingV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(kinds.define(V1PriorityClass.class, "scheduling.k8s.io", "v1", "PriorityClass",
                        "priorityclasses")
                .clusterScoped().shortNames("pc")
                .printerColumn(Columns.count("VALUE", ".value", "The priority"))
                .printerColumn(Columns.string("GLOBAL-DEFAULT", "Whether pods without a class get this one",
                        o -> o.path("globalDefault").asBoolean(false)))
                .printerColumn(Columns.age())
                .printerColumn(Columns.path("PREEMPTIONPOLICY", "string", ".preemptionPolicy",
                        "Whether its pods may preempt others"))
                .defaulter(pc -> Json.defaultText(pc, "preemptionPolicy", "PreemptLowerPriority"))
                .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (pc, old, out) -> {
                    String name = Json.text(pc, "metadata", "name");
                    JsonNode value = pc.get("value");
                    if (value == null || value.isNull()) {
                        out.add(FieldViolation.required("value"));
                    } else if (name != null && !SYSTEM_CLASSES.contains(name)) {
                        if (name.startsWith("system-")) {
                            out.add(FieldViolation.forbidden("metadata.name",
                                    "priority class names with 'system-' prefix are reserved for system use only"));
                        }
                        if (value.asLong() > HIGHEST_USER_DEFINABLE_PRIORITY) {
                            out.add(FieldViolation.forbidden("value", "maximum allowed value of a user defined "
                                    + "priority is " + HIGHEST_USER_DEFINABLE_PRIORITY));
                        }
                    }
                    Validation.oneOf(Json.text(pc, "preemptionPolicy"), PREEMPTION,
                            FieldPath.of("preemptionPolicy"), out);
                    if (old != null && value != null && !value.equals(old.get("value"))) {
                        out.add(FieldViolation.forbidden("value", "may not be changed in an update."));
                    }
                }))
                .build());
    }
}
