package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.CellExtractor;
import io.timonel.spi.resource.PrinterColumn;
import java.util.ArrayList;
import java.util.List;

/** Factories of the printer columns the built-in types share. */
public final class Columns {

    private Columns() {
    }

    /** AGE: a date cell holding {@code metadata.creationTimestamp}; the client renders it as an age. */
    public static PrinterColumn age() {
        return new PrinterColumn("AGE", "date", "", "Time since the object was created", 0,
                CellExtractor.path(".metadata.creationTimestamp"));
    }

    /** CREATED AT: the creation timestamp as written (kubectl shows it verbatim for some kinds). */
    public static PrinterColumn createdAt() {
        return new PrinterColumn("CREATED AT", "string", "", "When the object was created", 0,
                CellExtractor.path(".metadata.creationTimestamp"));
    }

    public static PrinterColumn string(String name, String description, CellExtractor cell) {
        return new PrinterColumn(name, "string", "", description, 0, cell);
    }

    public static PrinterColumn integer(String name, String description, CellExtractor cell) {
        return new PrinterColumn(name, "integer", "", description, 0, cell);
    }

    public static PrinterColumn path(String name, String type, String jsonPath, String description) {
        return PrinterColumn.ofPath(name, type, jsonPath, description);
    }

    /** A string cell that shows {@code <none>} when the path is absent, as kubectl does. */
    public static PrinterColumn orNone(String name, String jsonPath, String description) {
        CellExtractor at = CellExtractor.path(jsonPath);
        return string(name, description, object -> {
            Object value = at.cell(object);
            return value == null || value.toString().isEmpty() ? "<none>" : value.toString();
        });
    }

    /** An integer cell that shows 0 when the path is absent (status counters start unset). */
    public static PrinterColumn count(String name, String jsonPath, String description) {
        String[] parts = jsonPath.substring(1).split("\\.");
        return integer(name, description, object -> Json.number(object, 0, parts));
    }

    /** {@code a=b,c=d}, or {@code <none>}: kubectl's rendering of a label map. */
    public static String formatLabels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? "<none>" : String.join(",", pairs);
    }

    /**
     * The wide columns of workloads: CONTAINERS and IMAGES of the pod template at
     * {@code templatePath} (e.g. {@code spec.template}), and the SELECTOR at {@code spec.selector}.
     */
    public static List<PrinterColumn> templateColumns(String... templatePath) {
        return List.of(
                string("CONTAINERS", "The containers' names",
                        o -> joined(Json.at(o, templatePath).path("spec").path("containers"), "name")).wide(),
                string("IMAGES", "The containers' images",
                        o -> joined(Json.at(o, templatePath).path("spec").path("containers"), "image")).wide(),
                string("SELECTOR", "The label selector of the pods",
                        o -> {
                            String selector = LabelSelectors.format(o.path("spec").get("selector"));
                            return selector == null ? "<none>" : selector;
                        }).wide());
    }

    /** {@code field} of each element of an array, comma separated. */
    public static String joined(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.path(field).asText()));
        return String.join(",", out);
    }

    /** {@code ready/desired}, as READY columns of workloads show it. */
    public static PrinterColumn readyOf(String readyPath, String desiredPath) {
        String[] ready = readyPath.substring(1).split("\\.");
        String[] desired = desiredPath.substring(1).split("\\.");
        return string("READY", "Ready pods out of desired",
                o -> Json.number(o, 0, ready) + "/" + Json.number(o, 0, desired));
    }
}
