package io.timonel.plugins.coreapi.autoscaling;

import static io.timonel.plugins.coreapi.support.Columns.age;
import static io.timonel.plugins.coreapi.support.Columns.count;
import static io.timonel.plugins.coreapi.support.Columns.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import io.timonel.spi.resource.PrinterColumn;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import io.timonel.spi.resource.CellExtractor;

/** autoscaling/v1 and autoscaling/v2: HorizontalPodAutoscalers. */
public final class AutoscalingTypes {

    private static final String GROUP = "autoscaling";

    private AutoscalingTypes() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                Kinds.columns(kinds.define(V1HorizontalPodAutoscaler.class, GROUP, "v1", "HorizontalPodAutoscaler",
                                "horizontalpodautoscalers"), columns(AutoscalingTypes::targetsV1))
                        .shortNames("hpa").categories("all").statusSubresource()
                        .defaulter(hpa -> Json.defaultInt(Json.object(hpa, "spec"), "minReplicas", 1))
                        .validator(validator())
                        .build(),
                Kinds.columns(kinds.define(V2HorizontalPodAutoscaler.class, GROUP, "v2", "HorizontalPodAutoscaler",
                                "horizontalpodautoscalers"), columns(AutoscalingTypes::targetsV2))
                        .shortNames("hpa").categories("all").statusSubresource()
                        .defaulter(hpa -> {
                            ObjectNode spec = Json.object(hpa, "spec");
                            Json.defaultInt(spec, "minReplicas", 1);
                            if (spec.path("metrics").size() == 0) {
                                // The controller's implicit target, written out as v2 does.
                                ObjectNode resource = spec.putArray("metrics").addObject()
                                        .put("type", "Resource").putObject("resource");
                                resource.put("name", "cpu");
                                resource.putObject("target").put("type", "Utilization").put("averageUtilization", 80);
                            }
                        })
                        .validator(validator())
                        .build());
    }

    private static List<PrinterColumn> columns(CellExtractor targets) {
        return List.of(
                string("REFERENCE", "The scaled workload", o -> o.path("spec").path("scaleTargetRef").path("kind")
                        .asText() + "/" + o.path("spec").path("scaleTargetRef").path("name").asText()),
                string("TARGETS", "Current and target metrics", targets),
                count("MINPODS", ".spec.minReplicas", "The fewest replicas"),
                count("MAXPODS", ".spec.maxReplicas", "The most replicas"),
                count("REPLICAS", ".status.currentReplicas", "The current replicas"),
                age());
    }

    private static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN, (hpa, old, out) -> {
            JsonNode spec = hpa.path("spec");
            long min = Json.number(spec, 1, "minReplicas");
            long max = Json.number(spec, 0, "maxReplicas");
            if (max < 1) {
                out.add(FieldViolation.invalid("spec.maxReplicas", max, "must be greater than or equal to 1"));
            } else if (max < min) {
                out.add(FieldViolation.invalid("spec.maxReplicas", max,
                        "must be greater than or equal to `minReplicas`"));
            }
            if (min < 1) {
                out.add(FieldViolation.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
            }
            FieldPath ref = FieldPath.of("spec.scaleTargetRef");
            for (String field : new String[] {"kind", "name"}) {
                String value = Json.text(spec, "scaleTargetRef", field);
                if (value == null || value.isEmpty()) {
                    out.add(FieldViolation.required(ref.child(field).path()));
                }
            }
        });
    }

    private static String targetsV1(JsonNode hpa) {
        JsonNode target = hpa.path("spec").get("targetCPUUtilizationPercentage");
        JsonNode current = hpa.path("status").get("currentCPUUtilizationPercentage");
        return "cpu: " + (current == null || current.isNull() ? "<unknown>" : current.asText() + "%")
                + "/" + (target == null || target.isNull() ? "80" : target.asText()) + "%";
    }

    private static String targetsV2(JsonNode hpa) {
        List<String> parts = new ArrayList<>();
        JsonNode metrics = hpa.path("spec").path("metrics");
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode metric = metrics.get(i);
            if (!"Resource".equals(Json.text(metric, "type"))) {
                parts.add("<" + metric.path("type").asText() + ">");
                continue;
            }
            JsonNode target = metric.path("resource").path("target");
            JsonNode current = hpa.path("status").path("currentMetrics").path(i).path("resource").path("current");
            String name = metric.path("resource").path("name").asText();
            if (target.has("averageUtilization")) {
                String now = current.has("averageUtilization") ? current.get("averageUtilization").asText() + "%"
                        : "<unknown>";
                parts.add(name + ": " + now + "/" + target.get("averageUtilization").asText() + "%");
            } else {
                String value = target.path("averageValue").asText(target.path("value").asText(""));
                String now = current.path("averageValue").asText(current.path("value").asText("<unknown>"));
                parts.add(name + ": " + now + "/" + value);
            }
        }
        return parts.isEmpty() ? "<none>" : String.join(", ", parts);
    }
}
